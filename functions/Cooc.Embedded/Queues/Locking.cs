using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Queues;

/// <summary>Peek-lock: takes the deliverable messages at the head of a queue, in sequence order.</summary>
internal static class Locking
{
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";

    /// <summary>A cheap read, so idle receivers polling an empty queue never take the write lock.</summary>
    public static bool AnyDeliverable(QueueConnection db, string queue, DateTimeOffset now)
    {
        var command = db.Command(
                "SELECT EXISTS (SELECT 1 FROM messages WHERE queue = $queue AND visible_at <= $now)")
            .With("$queue", queue).With("$now", now.UtcTicks);
        return Convert.ToInt64(command.ExecuteScalar()) == 1;
    }

    /// <summary>
    /// Locks up to maxMessages deliverable messages in one IMMEDIATE transaction (so another connection cannot lock
    /// the same rows). A message that was already delivered MaxDeliveryCount times is dead-lettered instead.
    /// </summary>
    public static List<ReceivedMessage> LockBatch(
        QueueConnection db, string queue, int maxMessages, DateTimeOffset now, QueueOptions options)
    {
        using var transaction = db.BeginImmediate();
        var lockedUntil = now + options.LockDuration;
        var locked = new List<ReceivedMessage>(maxMessages);
        var update = db.Command("""
            UPDATE messages SET lock_token = $token, visible_at = $lockedUntil, delivery_count = delivery_count + 1
            WHERE queue = $queue AND sequence_number = $sequenceNumber
            """, transaction);
        var token = update.Parameters.Add("$token", SqliteType.Text);
        var sequenceNumber = update.Parameters.Add("$sequenceNumber", SqliteType.Integer);
        update.With("$lockedUntil", lockedUntil.UtcTicks).With("$queue", queue);
        while (locked.Count < maxMessages)
        {
            var candidates = Deliverable(db, transaction, queue, now, maxMessages - locked.Count);
            if (candidates.Count == 0)
                break;
            foreach (var candidate in candidates)
            {
                if (candidate.DeliveryCount >= options.MaxDeliveryCount)
                {
                    DeadLetterStore.Move(db, transaction, queue, candidate.SequenceNumber, MaxDeliveryCountExceeded,
                        $"Message could not be consumed after {candidate.DeliveryCount} delivery attempts.", now);
                    continue;
                }
                var message = candidate with
                {
                    DeliveryCount = candidate.DeliveryCount + 1,
                    LockToken = Guid.NewGuid().ToString(),
                    LockedUntil = lockedUntil,
                };
                token.Value = message.LockToken;
                sequenceNumber.Value = message.SequenceNumber;
                update.ExecuteNonQuery();
                locked.Add(message);
            }
        }
        transaction.Commit();
        return locked;
    }

    // Walks the visibility index, (queue, visible_at) then the key: in the order messages became deliverable, which
    // is send order for messages sent to be delivered at once, and a scheduled message's time for the others (as
    // Service Bus enqueues a scheduled message at its time). It stops after the first few rows both behind a long
    // backlog and in front of many scheduled messages (e.g. a lease expiry per peer-review claim), where walking
    // the primary key in sequence order read every scheduled message on each receive.
    private static List<ReceivedMessage> Deliverable(
        QueueConnection db, SqliteTransaction transaction, string queue, DateTimeOffset now, int limit)
    {
        var command = db.Command("""
            SELECT sequence_number, message_id, body, subject, enqueued_at, delivery_count FROM messages
            WHERE queue = $queue AND visible_at <= $now
            ORDER BY visible_at, sequence_number LIMIT $limit
            """, transaction)
            .With("$queue", queue).With("$now", now.UtcTicks).With("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<ReceivedMessage>();
        while (reader.Read())
        {
            rows.Add(new ReceivedMessage(
                queue, reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                DeliveryCount: reader.GetInt32(5), LockToken: "", LockedUntil: default,
                EnqueuedAt: QueueDatabase.ToTime(reader.GetInt64(4)), SequenceNumber: reader.GetInt64(0)));
        }
        return rows;
    }
}
