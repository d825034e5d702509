using Cooc.Embedded;
using Cooc.Embedded.Documents;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Queues;

/// <summary>Opens the queue file with its pragmas and creates the schema. Times are stored as UTC ticks.</summary>
internal static class QueueDatabase
{
    // messages.visible_at is the scheduled time until the first delivery, then the lock expiry: one column answers
    // "can this be delivered now", so one index serves both scheduling and lock expiry.
    // queue_sequences keeps the last number per queue, so numbers are never reused after messages are deleted.
    // message_ids is the duplicate-detection history: it outlives the message, as in Service Bus.
    // dead_letters.id is the dead-lettering order that peek lists by.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS queue_sequences (
            queue TEXT PRIMARY KEY,
            last_sequence_number INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS messages (
            queue TEXT NOT NULL,
            sequence_number INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            body TEXT NOT NULL,
            subject TEXT,
            enqueued_at INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            delivery_count INTEGER NOT NULL DEFAULT 0,
            lock_token TEXT,
            PRIMARY KEY (queue, sequence_number)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS messages_by_visibility ON messages (queue, visible_at);
        CREATE TABLE IF NOT EXISTS message_ids (
            queue TEXT NOT NULL,
            message_id TEXT NOT NULL,
            sent_at INTEGER NOT NULL,
            PRIMARY KEY (queue, message_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS message_ids_by_age ON message_ids (queue, sent_at);
        CREATE TABLE IF NOT EXISTS dead_letters (
            id INTEGER PRIMARY KEY,
            queue TEXT NOT NULL,
            sequence_number INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            body TEXT NOT NULL,
            subject TEXT,
            enqueued_at INTEGER NOT NULL,
            delivery_count INTEGER NOT NULL,
            reason TEXT NOT NULL,
            description TEXT,
            dead_lettered_at INTEGER NOT NULL,
            UNIQUE (queue, sequence_number)
        );
        CREATE INDEX IF NOT EXISTS dead_letters_by_queue ON dead_letters (queue);
        """;

    public static QueueConnection Open(SqliteMessageQueueOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
            throw new ArgumentException("DatabasePath is required.", nameof(options));
        SqliteLibrary.Configure();
        var path = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Pooling off: the queue keeps one long-lived connection, and Dispose must really release the file.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString());
        try
        {
            connection.Open();
            var synchronous = options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
            Execute(connection, $"""
                PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = {synchronous};
                """);
            Execute(connection, Schema);
            return new QueueConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static DateTimeOffset ToTime(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
