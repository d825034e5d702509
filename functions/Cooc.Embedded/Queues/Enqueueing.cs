using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Queues;

/// <summary>Puts messages into a queue: duplicate detection, then the next sequence number.</summary>
internal static class Enqueueing
{
    /// <summary>False when the message id was already sent within the duplicate-detection window (the send is dropped).</summary>
    public static bool Send(QueueConnection db, string queue, OutgoingMessage message, DateTimeOffset now, QueueOptions options)
    {
        using var transaction = db.BeginImmediate();
        if (options.DuplicateDetectionWindow > TimeSpan.Zero
            && !RecordMessageId(db, transaction, queue, message.MessageId, now, options.DuplicateDetectionWindow))
            return false;
        var visibleAt = Math.Max(now.UtcTicks, message.ScheduledFor?.UtcTicks ?? 0);
        Insert(db, transaction, queue, message.MessageId, message.Body, message.Subject, now.UtcTicks, visibleAt);
        transaction.Commit();
        return true;
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

    // The history is pruned as it is written, so it holds about one window's worth of ids per queue.
    private static bool RecordMessageId(
        QueueConnection db, SqliteTransaction transaction, string queue, string messageId, DateTimeOffset now, TimeSpan window)
    {
        db.Command("DELETE FROM message_ids WHERE queue = $queue AND sent_at <= $cutoff", transaction)
            .With("$queue", queue).With("$cutoff", (now - window).UtcTicks).ExecuteNonQuery();
        var record = db.Command("""
            INSERT INTO message_ids (queue, message_id, sent_at) VALUES ($queue, $messageId, $now)
                ON CONFLICT (queue, message_id) DO NOTHING
            """, transaction)
            .With("$queue", queue).With("$messageId", messageId).With("$now", now.UtcTicks);
        return record.ExecuteNonQuery() == 1;
    }
}
