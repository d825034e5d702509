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

    /// <summary>Idle read connections kept open for reuse; more are opened under load and closed when returned.</summary>
    public int MaxIdleReaders { get; set; } = 8;

    /// <summary>
    /// The indexes kept on JSON properties (<see cref="DocumentIndex"/>); created at open, and indexes of an earlier
    /// definition no longer listed are dropped.
    /// </summary>
    public IReadOnlyList<DocumentIndex> Indexes { get; set; } = DocumentIndexes.Default;
}
