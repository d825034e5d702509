namespace Cooc.Embedded;

/// <summary>How hard SQLite flushes on commit; both keep every committed write across an application crash.</summary>
public enum SqliteSynchronous
{
    /// <summary>WAL is synced at checkpoints: survives a process crash, may lose the last commits on power loss.</summary>
    Normal,

    /// <summary>WAL is synced at every commit: survives power loss too, at the cost of one fsync per group commit.</summary>
    Full,
}
