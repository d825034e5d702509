namespace Cooc.Embedded.Documents;

/// <summary>
/// Gives each partition its own block of 2^32 rowids (chosen by a stable hash of container and partition key), and
/// numbers new documents upward inside it. A partition's documents are thus stored together in the table: a query
/// that must read every document of a partition (to filter or sort on JSON fields) scans one contiguous rowid range
/// instead of seeking each row, while inserts still append instead of landing at random like their ids.
/// Two partitions whose hashes collide just share a block; queries always filter on container and partition key too.
/// </summary>
internal sealed class PartitionRowIds
{
    private const string MaxInBlock = "SELECT max(rowid) FROM documents WHERE rowid BETWEEN @p0 AND @p1";

    private readonly Dictionary<long, long> _next = [];

    /// <summary>The first and last rowid of the partition's block.</summary>
    public static (long First, long Last) Block(string container, string partitionKey)
    {
        // FNV-1a over both strings: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in container)
            hash = (hash ^ c) * 1099511628211UL;
        hash = (hash ^ 0xFFFF) * 1099511628211UL;
        foreach (var c in partitionKey)
            hash = (hash ^ c) * 1099511628211UL;
        var start = (long)(hash & 0x7FFF_FFFF) << 32;
        return (start + 1, start + uint.MaxValue);
    }

    /// <summary>Forgets what it knew: another process may have written since, so each transaction starts afresh.</summary>
    public void Reset() => _next.Clear();

    /// <summary>The rowid for a new document of the partition; only valid inside the writer's transaction.</summary>
    public long Next(StatementCache statements, string container, string partitionKey)
    {
        var (first, last) = Block(container, partitionKey);
        if (!_next.TryGetValue(first, out var next))
            next = statements.Get(MaxInBlock, first, last).ExecuteScalar() is long max ? max + 1 : first;
        if (next > last)
            throw new InvalidOperationException($"The partition '{partitionKey}' of '{container}' has used all its row ids.");
        _next[first] = next + 1;
        return next;
    }
}
