using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Queues;

/// <summary>
/// Settles a locked message. Every statement matches the delivery's lock token and an unexpired lock, so a settle
/// after expiry, after someone else re-locked the message, or after an earlier settle finds no row: the lock is lost.
/// </summary>
internal static class Settlement
{
    private const string HeldLock =
        "queue = $queue AND sequence_number = $sequenceNumber AND lock_token = $token AND visible_at > $now";

    public static void Complete(QueueConnection db, ReceivedMessage message, DateTimeOffset now)
    {
        var command = Held(db.Command($"DELETE FROM messages WHERE {HeldLock}"), message, now);
        EnsureHeld(command.ExecuteNonQuery(), message);
    }

    public static DateTimeOffset Renew(QueueConnection db, ReceivedMessage message, DateTimeOffset now, QueueOptions options)
    {
        var lockedUntil = now + options.LockDuration;
        var command = Held(db.Command($"UPDATE messages SET visible_at = $lockedUntil WHERE {HeldLock}"), message, now)
            .With("$lockedUntil", lockedUntil.UtcTicks);
        EnsureHeld(command.ExecuteNonQuery(), message);
        return lockedUntil;
    }

    /// <summary>Makes the message deliverable at once, or dead-letters it when it has had MaxDeliveryCount deliveries.</summary>
    public static void Abandon(QueueConnection db, ReceivedMessage message, DateTimeOffset now, QueueOptions options)
    {
        using var transaction = db.BeginImmediate();
        var deliveryCount = HeldDeliveryCount(db, transaction, message, now);
        if (deliveryCount >= options.MaxDeliveryCount)
        {
            DeadLetterStore.Move(db, transaction, message.Queue, message.SequenceNumber, Locking.MaxDeliveryCountExceeded,
                $"Message could not be consumed after {deliveryCount} delivery attempts.", now);
        }
        else
        {
            var release = db.Command("""
                UPDATE messages SET lock_token = NULL, visible_at = $now
                WHERE queue = $queue AND sequence_number = $sequenceNumber
                """, transaction)
                .With("$now", now.UtcTicks).With("$queue", message.Queue).With("$sequenceNumber", message.SequenceNumber);
            release.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public static void DeadLetter(QueueConnection db, ReceivedMessage message, string reason, string? description, DateTimeOffset now)
    {
        using var transaction = db.BeginImmediate();
        HeldDeliveryCount(db, transaction, message, now);
        DeadLetterStore.Move(db, transaction, message.Queue, message.SequenceNumber, reason, description, now);
        transaction.Commit();
    }

    private static int HeldDeliveryCount(QueueConnection db, SqliteTransaction transaction, ReceivedMessage message, DateTimeOffset now)
    {
        var command = Held(db.Command($"SELECT delivery_count FROM messages WHERE {HeldLock}", transaction), message, now);
        var deliveryCount = command.ExecuteScalar();
        EnsureHeld(deliveryCount is null ? 0 : 1, message);
        return Convert.ToInt32(deliveryCount);
    }

    private static SqliteCommand Held(SqliteCommand command, ReceivedMessage message, DateTimeOffset now) =>
        command.With("$queue", message.Queue).With("$sequenceNumber", message.SequenceNumber)
            .With("$token", message.LockToken).With("$now", now.UtcTicks);

    private static void EnsureHeld(int rows, ReceivedMessage message)
    {
        if (rows == 0)
            throw new MessageLockLostException(message.MessageId);
    }
}
