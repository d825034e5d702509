namespace Cooc.Embedded.Documents;

/// <summary>Settings of the embedded documents store (bindable from configuration).</summary>
public sealed class SqliteDocumentStoreOptions
{
    /// <summary>The database file, e.g. "&lt;dataPath&gt;/documents.db". Its folder is created when missing.</summary>
    public string DatabasePath { get; set; } = "";

    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>How long a connection waits for a lock held by another connection (another process on the same file).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most writes committed together in one transaction (group commit).</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// How often a thread of the store copies committed pages from the WAL into the database file
    /// (<see cref="WalCheckpointer"/>); null: never, the writer does it every 1,000 pages (SQLite's default).
    /// </summary>
    public TimeSpan? CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// With <see cref="CheckpointInterval"/> set, the WAL size (in pages) at which the writer checkpoints itself, which
    /// lets the WAL start over once every page is copied.
    /// </summary>
    public int WriterCheckpointPages { get; set; } = 10_000;

    /// <summary>
    /// Told when a checkpoint of that thread fails (an I/O error, say): the exception and how many failed since the last
    /// report. The first failure is reported at once, later ones at most once a minute, and those held back once
    /// checkpoints work again or the store closes. Stored data is not affected.
    /// </summary>
    public Action<Exception, int>? CheckpointFailed { get; set; }

    /// <summary>Idle read connections kept open for reuse; more are opened under load and closed when returned.</summary>
    public int MaxIdleReaders { get; set; } = 8;

    /// <summary>
    /// The indexes kept on JSON properties (<see cref="DocumentIndex"/>); created at open, and indexes of an earlier
    /// definition no longer listed are dropped.
    /// </summary>
    public IReadOnlyList<DocumentIndex> Indexes { get; set; } = DocumentIndexes.Default;
}
