using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Documents;

/// <summary>
/// One connection and its prepared commands, keyed by SQL text. Not thread-safe: the writer owns one,
/// and each read connection is used by one caller at a time.
/// </summary>
internal sealed class StatementCache(SqliteConnection connection) : IDisposable
{
    // Query shapes vary (number of conditions, sort keys); a bound keeps a pathological caller from growing it forever.
    private const int MaxStatements = 128;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    public SqliteCommand Get(string sql, params ReadOnlySpan<object?> values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= MaxStatements)
                Clear();
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
                command.Parameters.Add(new SqliteParameter("@p" + i, null));
            command.Prepare();
            _commands.Add(sql, command);
        }

        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    public int Execute(string sql, params ReadOnlySpan<object?> values) => Get(sql, values).ExecuteNonQuery();

    public void Dispose()
    {
        Clear();
        connection.Dispose();
    }

    private void Clear()
    {
        foreach (var command in _commands.Values)
            command.Dispose();
        _commands.Clear();
    }
}
