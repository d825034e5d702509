using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Queues;

/// <summary>
/// The queue's one connection with its statements kept prepared: preparing each statement anew cost about a third
/// of a send-receive-complete cycle. Used by one operation at a time (the queue's gate), so commands can be shared.
/// </summary>
internal sealed class QueueConnection(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The prepared command for this SQL, with no parameters yet. Do not dispose it.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    /// <summary>BEGIN IMMEDIATE: takes the write lock up front, so no other connection changes what this one reads.</summary>
    public SqliteTransaction BeginImmediate() => connection.BeginTransaction(deferred: false);

    public void Dispose()
    {
        foreach (var command in _commands.Values)
            command.Dispose();
        connection.Dispose();
    }
}
