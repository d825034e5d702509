using System.Collections.Concurrent;
using Cooc.Ports;

namespace Cooc.Embedded.Documents;

/// <summary>
/// The SELECT of one page: conditions, ORDER BY the sort keys then id, and, after the first page, a keyset
/// predicate "(keys, id) comes after the token's". Result columns: id, etag, body, then one per sort key.
/// A query a <see cref="DocumentIndex"/> serves reads through it (INDEXED BY: the plan never depends on the planner's guess).
/// </summary>
internal static class QuerySql
{
    public const int FirstSortColumn = 3;

    /// <summary>A property as a SQL expression over the JSONB body, written the same way in conditions, sorts and indexes.</summary>
    public static string Extract(string path) => Cached(Extracts, path, static p => $"json_extract(body, {PathLiteral(p)})");

    public static string PathLiteral(string path) => Cached(PathLiterals, path, static p => $"'{DocumentPath.ToJsonPath(p)}'");

    // Every query and patch writes its paths: each is written once (the app names a few dozen; a bound, should a caller make paths from data).
    private static readonly ConcurrentDictionary<string, string> PathLiterals = new(StringComparer.Ordinal), Extracts = new(StringComparer.Ordinal);

    private static string Cached(ConcurrentDictionary<string, string> cache, string path, Func<string, string> make)
    {
        if (cache.TryGetValue(path, out var known)) return known;
        var made = make(path);
        if (cache.Count < 10_000) cache.TryAdd(path, made);
        return made;
    }

    public static (string Text, object?[] Values) Build(
        string container, string partitionKey, DocumentQuery query, string orderBy, IReadOnlyList<DocumentIndex> indexes)
    {
        if (query.PageSize < 1)
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "PageSize must be at least 1.");
        var sortKeys = query.OrderBy ?? [];
        var after = query.ContinuationToken is { } token ? ContinuationToken.Decode(token, orderBy) : null;
        if (after is not null && after.Keys.Length != sortKeys.Count)
            throw new ArgumentException("The continuation token does not match the query.", nameof(query));

        var sql = new SqlStatement();
        var keys = sortKeys.Select(k => Extract(k.Path)).ToArray();
        sql.Append("SELECT id, etag, json(body)");
        foreach (var key in keys)
            sql.Append(", ").Append(key);
        var index = DocumentIndexes.Choose(indexes, container, query);
        if (index is not null)
        {
            sql.Append($" FROM documents INDEXED BY {index.Name} WHERE {index.Scope}");
        }
        else if (keys.Length == 0)
        {
            // In id order the key index yields rows already sorted, so the scan stops once the page is full.
            sql.Append($" FROM documents WHERE container = {sql.Parameter(container)}");
        }
        else
        {
            // Sorting on JSON fields reads every document of the partition anyway: scan its rowid block in table
            // order rather than seek each row from the index (twice as fast once partitions interleave).
            var (first, last) = PartitionRowIds.Block(container, partitionKey);
            sql.Append($" FROM documents NOT INDEXED WHERE rowid BETWEEN {sql.Parameter(first)} AND {sql.Parameter(last)}");
            sql.Append($" AND container = {sql.Parameter(container)}");
        }
        sql.Append($" AND pk = {sql.Parameter(partitionKey)}");
        ConditionSql.AppendAll(sql, query.Where, index);
        AppendAfter(sql, sortKeys, keys, after);
        // One more row than the page tells whether another page exists, so the last page has no token.
        sql.Append($" ORDER BY {SortList(sortKeys, keys)} LIMIT {sql.Parameter((long)query.PageSize + 1)}");
        return sql.Build();
    }

    private static void AppendAfter(SqlStatement sql, IReadOnlyList<SortKey> sortKeys, string[] keys, ContinuationToken? after)
    {
        if (after is null)
            return;
        // Implied by the keyset predicate, but a plain range on the first key lets an index start the scan there.
        if (keys.Length > 0 && !sortKeys[0].Descending && after.Keys[0] is { } first)
            sql.Append($" AND {keys[0]} >= {sql.Parameter(first)}");
        sql.Append(" AND ");
        AppendAfter(sql, sortKeys, keys, after, 0);
    }

    private static string SortList(IReadOnlyList<SortKey> sortKeys, string[] keys) =>
        string.Concat(keys.Select((key, i) => sortKeys[i].Descending ? key + " DESC, " : key + ", ")) + "id";

    public static string OrderBySignature(DocumentQuery query) =>
        string.Join(",", (query.OrderBy ?? []).Select(k => k.Descending ? k.Path + " desc" : k.Path));

    // SQLite sorts NULL (missing or null) first, so ascending "after v" includes no NULLs unless v is NULL,
    // and descending (NULLs last) "after v" includes all NULLs unless v is NULL.
    private static void AppendAfter(SqlStatement sql, IReadOnlyList<SortKey> sortKeys, string[] keys, ContinuationToken after, int i)
    {
        if (i == keys.Length)
        {
            sql.Append($"id > {sql.Parameter(after.LastId)}");
            return;
        }

        var key = keys[i];
        var value = after.Keys[i];
        var v = value is null ? null : sql.Parameter(value);
        var greater = (sortKeys[i].Descending, v) switch
        {
            (false, null) => $"{key} IS NOT NULL",
            (false, _) => $"{key} > {v}",
            (true, null) => "0",
            (true, _) => $"({key} < {v} OR {key} IS NULL)",
        };
        sql.Append($"({greater} OR ({key} IS {v ?? "NULL"} AND ");
        AppendAfter(sql, sortKeys, keys, after, i + 1);
        sql.Append("))");
    }
}
