using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Queues;

/// <summary>Puts messages into queues: duplicate detection, then the next sequence number.</summary>
internal static class Enqueueing
{
    /// <summary>
    /// Writes the sends in one transaction, each in a savepoint of its own, so a failed one undoes only itself, and
    /// completes them once committed: true when written, false when its message id was already sent within the
    /// duplicate-detection window (the send is dropped). If the transaction fails, every send fails with it.
    /// </summary>
    public static void SendAll(QueueConnection db, IReadOnlyList<WaitingSend> sends, DateTimeOffset now)
    {
        var outcomes = new Exception?[sends.Count];
        var written = new bool[sends.Count];
        try
        {
            using var transaction = db.BeginImmediate();
            var pruned = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < sends.Count; i++)
            {
                var (queue, message, options) = (sends[i].Queue, sends[i].Message, sends[i].Options);
                transaction.Save("send");
                try
                {
                    if (options.DuplicateDetectionWindow > TimeSpan.Zero && pruned.Add(queue))
                        ForgetOldIds(db, transaction, queue, now - options.DuplicateDetectionWindow);
                    written[i] = options.DuplicateDetectionWindow <= TimeSpan.Zero || RecordMessageId(db, transaction, queue, message.MessageId, now);
                    if (written[i])
                        Insert(db, transaction, queue, message.MessageId, message.Body, message.Subject, now.UtcTicks,
                            Math.Max(now.UtcTicks, message.ScheduledFor?.UtcTicks ?? 0));
                    transaction.Release("send");
                }
                catch (SqliteException e)
                {
                    transaction.Rollback("send");
                    transaction.Release("send");
                    outcomes[i] = e;
                }
            }
            transaction.Commit();
        }
        catch (Exception e)
        {
            foreach (var send in sends)
                send.Written.TrySetException(e);
            return;
        }
        for (var i = 0; i < sends.Count; i++)
        {
            if (outcomes[i] is { } failed) sends[i].Written.TrySetException(failed);
            else sends[i].Written.TrySetResult(written[i]);
        }
    }

    public static void Insert(
        QueueConnection db, SqliteTransaction transaction, string queue,
        string messageId, string body, string? subject, long enqueuedAt, long visibleAt)
    {
        var command = db.Command("""
            INSERT INTO queue_sequences (queue, last_sequence_number) VALUES ($queue, 1)
                ON CONFLICT (queue) DO UPDATE SET last_sequence_number = last_sequence_number + 1;
            INSERT INTO messages (queue, sequence_number, message_id, body, subject, enqueued_at, visible_at)
                VALUES ($queue, (SELECT last_sequence_number FROM queue_sequences WHERE queue = $queue),
                        $messageId, $body, $subject, $enqueuedAt, $visibleAt);
            """, transaction)
            .With("$queue", queue).With("$messageId", messageId).With("$body", body).With("$subject", subject)
            .With("$enqueuedAt", enqueuedAt).With("$visibleAt", visibleAt);
        command.ExecuteNonQuery();
    }

    // The history is pruned as it is written (once per queue and transaction), so it holds about one window's worth of ids per queue.
    private static void ForgetOldIds(QueueConnection db, SqliteTransaction transaction, string queue, DateTimeOffset cutoff) =>
        db.Command("DELETE FROM message_ids WHERE queue = $queue AND sent_at <= $cutoff", transaction)
            .With("$queue", queue).With("$cutoff", cutoff.UtcTicks).ExecuteNonQuery();

    private static bool RecordMessageId(QueueConnection db, SqliteTransaction transaction, string queue, string messageId, DateTimeOffset now)
    {
        var record = db.Command("""
            INSERT INTO message_ids (queue, message_id, sent_at) VALUES ($queue, $messageId, $now)
                ON CONFLICT (queue, message_id) DO NOTHING
            """, transaction)
            .With("$queue", queue).With("$messageId", messageId).With("$now", now.UtcTicks);
        return record.ExecuteNonQuery() == 1;
    }
}
