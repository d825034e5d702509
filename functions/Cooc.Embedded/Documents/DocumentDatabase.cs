using Cooc.Embedded;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Documents;

/// <summary>Opens connections to the documents file with the same pragmas, and creates the schema.</summary>
internal sealed class DocumentDatabase
{
    // Bodies are stored as SQLite JSONB: filters and ORDER BY read fields without re-parsing text,
    // which halves the time of a query that scans a 10,000-document partition.
    // A rowid table with a unique key index rather than WITHOUT ROWID: ids arrive in random order, and appending
    // rows in per-partition blocks (see PartitionRowIds) while only the small index entries land at random writes
    // fewer pages per group commit (measured: 15-25% more writes/s, and partition scans just as fast).
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS documents (
            container TEXT NOT NULL,
            pk TEXT NOT NULL,
            id TEXT NOT NULL,
            etag TEXT NOT NULL,
            body BLOB NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS documents_by_key ON documents (container, pk, id);
        """;

    private readonly string _connectionString;
    private readonly SqliteDocumentStoreOptions _options;

    public DocumentDatabase(SqliteDocumentStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
            throw new ArgumentException("DatabasePath is required.", nameof(options));
        if (options.MaxBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxBatchSize must be at least 1.");
        if (options.CheckpointInterval <= TimeSpan.Zero || options.WriterCheckpointPages < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "CheckpointInterval must be positive (or null), and WriterCheckpointPages at least 1.");
        SqliteLibrary.Configure();
        _options = options;
        var path = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Pooling off: the store keeps its own long-lived connections, and Dispose must really release the file.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    public SqliteConnection OpenWriter()
    {
        // With the checkpoint thread, the writer checkpoints itself only at WriterCheckpointPages; without, at SQLite's default.
        var autoCheckpoint = _options.CheckpointInterval is null ? "" : $"PRAGMA wal_autocheckpoint = {_options.WriterCheckpointPages};";
        var connection = Open("PRAGMA journal_mode = WAL;" + autoCheckpoint + Schema);
        try
        {
            CreateIndexes(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public SqliteConnection OpenReader() => Open("PRAGMA query_only = ON;");

    /// <summary>A connection for <see cref="WalCheckpointer"/>: checkpoints change no row, only copy committed pages.</summary>
    public SqliteConnection OpenCheckpointer() => Open("");

    private SqliteConnection Open(string setup)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            SqliteLibrary.FreezeQueryPlans(connection);
            var synchronous = _options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
            Execute(connection, $"""
                PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds};
                PRAGMA synchronous = {synchronous};
                PRAGMA cache_size = -8192;
                PRAGMA temp_store = MEMORY;
                """);
            if (setup.Length > 0) Execute(connection, setup);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Creates the configured indexes (a no-op when they exist) and drops those of definitions no longer configured.</summary>
    private void CreateIndexes(SqliteConnection connection)
    {
        DocumentIndexes.Validate(_options.Indexes);
        var wanted = _options.Indexes.ToDictionary(i => i.Name);
        var existing = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND substr(name, 1, @n) = @prefix";
            list.Parameters.AddWithValue("@n", DocumentIndex.NamePrefix.Length);
            list.Parameters.AddWithValue("@prefix", DocumentIndex.NamePrefix);
            using var reader = list.ExecuteReader();
            while (reader.Read()) existing.Add(reader.GetString(0));
        }
        foreach (var name in existing.Where(n => !wanted.ContainsKey(n)))
            Execute(connection, $"DROP INDEX IF EXISTS {name}");
        foreach (var index in wanted.Values.Where(i => !existing.Contains(i.Name)))
            Execute(connection, index.CreateSql());
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
