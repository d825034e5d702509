using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Queues;

/// <summary>The dead-letter store of every queue: move in, list, replay, remove.</summary>
internal static class DeadLetterStore
{
    public static void Move(
        QueueConnection db, SqliteTransaction transaction, string queue, long sequenceNumber,
        string reason, string? description, DateTimeOffset now)
    {
        var command = db.Command("""
            INSERT INTO dead_letters (queue, sequence_number, message_id, body, subject, enqueued_at, delivery_count,
                                      reason, description, dead_lettered_at)
                SELECT queue, sequence_number, message_id, body, subject, enqueued_at, delivery_count,
                       $reason, $description, $now
                FROM messages WHERE queue = $queue AND sequence_number = $sequenceNumber;
            DELETE FROM messages WHERE queue = $queue AND sequence_number = $sequenceNumber;
            """, transaction)
            .With("$queue", queue).With("$sequenceNumber", sequenceNumber)
            .With("$reason", reason).With("$description", description).With("$now", now.UtcTicks);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Dead-letters the messages whose last lock expired on their final delivery. Receive does this lazily when it
    /// reaches them; peek does it first so that what it lists does not depend on whether anyone received since.
    /// </summary>
    public static void SweepExhausted(QueueConnection db, string queue, DateTimeOffset now, QueueOptions options)
    {
        using var transaction = db.BeginImmediate();
        var exhausted = new List<(long SequenceNumber, int DeliveryCount)>();
        var select = db.Command("""
            SELECT sequence_number, delivery_count FROM messages
            WHERE queue = $queue AND visible_at <= $now AND delivery_count >= $max
            """, transaction).With("$queue", queue).With("$now", now.UtcTicks).With("$max", options.MaxDeliveryCount);
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
                exhausted.Add((reader.GetInt64(0), reader.GetInt32(1)));
        }
        foreach (var (sequenceNumber, deliveryCount) in exhausted)
        {
            Move(db, transaction, queue, sequenceNumber, Locking.MaxDeliveryCountExceeded,
                $"Message could not be consumed after {deliveryCount} delivery attempts.", now);
        }
        transaction.Commit();
    }

    public static List<DeadLetteredMessage> Peek(QueueConnection db, string queue, int maxMessages)
    {
        var command = db.Command("""
            SELECT message_id, body, subject, delivery_count, reason, description, enqueued_at, sequence_number
            FROM dead_letters WHERE queue = $queue ORDER BY id LIMIT $limit
            """).With("$queue", queue).With("$limit", maxMessages);
        using var reader = command.ExecuteReader();
        var dead = new List<DeadLetteredMessage>();
        while (reader.Read())
        {
            dead.Add(new DeadLetteredMessage(
                queue, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt32(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                QueueDatabase.ToTime(reader.GetInt64(6)), reader.GetInt64(7)));
        }
        return dead;
    }

    /// <summary>
    /// Re-enqueues a copy under a new sequence number, deliverable now, with its message id, body and subject.
    /// It bypasses duplicate detection: replaying is a deliberate second send of the same message.
    /// </summary>
    public static bool Replay(QueueConnection db, string queue, long sequenceNumber, DateTimeOffset now)
    {
        using var transaction = db.BeginImmediate();
        var select = db.Command(
                "SELECT message_id, body, subject FROM dead_letters WHERE queue = $queue AND sequence_number = $sequenceNumber",
                transaction)
            .With("$queue", queue).With("$sequenceNumber", sequenceNumber);
        string messageId, body;
        string? subject;
        using (var reader = select.ExecuteReader())
        {
            if (!reader.Read())
                return false;
            (messageId, body, subject) = (reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        Enqueueing.Insert(db, transaction, queue, messageId, body, subject, now.UtcTicks, now.UtcTicks);
        Remove(db, transaction, queue, sequenceNumber);
        transaction.Commit();
        return true;
    }

    public static bool Remove(QueueConnection db, SqliteTransaction? transaction, string queue, long sequenceNumber)
    {
        var command = db.Command(
                "DELETE FROM dead_letters WHERE queue = $queue AND sequence_number = $sequenceNumber", transaction)
            .With("$queue", queue).With("$sequenceNumber", sequenceNumber);
        return command.ExecuteNonQuery() > 0;
    }
}
