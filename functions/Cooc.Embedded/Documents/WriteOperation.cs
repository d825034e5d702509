namespace Cooc.Embedded.Documents;

internal enum WriteKind { Create, Replace, Upsert, Delete, Patch }

internal enum WriteStatus { Done, Conflict, NotFound, PreconditionFailed, ConditionFailed }

/// <summary>What a write did; the caller turns a failed status into the port's exception (so its stack trace is the caller's).</summary>
internal readonly record struct WriteOutcome(WriteStatus Status, byte[]? Body = null);

/// <summary>
/// One queued write. Everything that costs CPU (serializing, building SQL) is done by the caller before queueing,
/// so the single writer thread only runs SQLite.
/// </summary>
internal sealed class WriteOperation
{
    public required WriteKind Kind { get; init; }
    public required string Container { get; init; }
    public required string PartitionKey { get; init; }
    public required string Id { get; init; }

    /// <summary>The ETag this write stores when it succeeds.</summary>
    public required string ETag { get; init; }

    public string? IfMatch { get; init; }

    /// <summary>UTF-8 JSON of the document (create, replace, upsert).</summary>
    public byte[]? Body { get; init; }

    /// <summary>The UPDATE ... RETURNING of a patch, built by <see cref="PatchSql"/>.</summary>
    public (string Text, object?[] Values) Statement { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>Completed on a thread-pool thread by the writer (never on the writer thread), so continuations may run inline.</summary>
    public TaskCompletionSource<WriteOutcome> Completion { get; } = new();

    // Set by the writer inside the batch; the task is completed only after the batch commits.
    public WriteOutcome Outcome { get; set; }
    public Exception? Error { get; set; }
}
