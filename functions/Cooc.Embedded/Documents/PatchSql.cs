using Cooc.Ports;

namespace Cooc.Embedded.Documents;

/// <summary>
/// Builds the one UPDATE that applies a patch (increments and sets, then appends) only when every condition holds, and returns
/// the new body. The keys are @p0..@p2 and the new ETag @p3, as in <see cref="DocumentWrites"/>.
/// </summary>
internal static class PatchSql
{
    public static (string Text, object?[] Values) Build(
        string container, string partitionKey, string id, string etag, DocumentPatch patch, IReadOnlyList<Condition>? when)
    {
        patch.Check();

        var sql = new SqlStatement();
        sql.Parameter(container);
        sql.Parameter(partitionKey);
        sql.Parameter(id);
        sql.Append($"UPDATE documents SET etag = {sql.Parameter(etag)}, body = ");
        var appends = patch.Appends ?? [];
        if (appends.Count > 0)
            sql.Append("jsonb_insert(");
        AppendIncrementsAndSets(sql, patch.Increments, patch.Sets ?? []);
        foreach (var append in appends)
            // "[#]" is one past the end: json_insert adds there, as a Cosmos "add" at "/path/-".
            sql.Append($", {sql.Parameter(DocumentPath.ToJsonPath(append.Path) + "[#]")}, {sql.Parameter(append.Value)}");
        if (appends.Count > 0)
            sql.Append(")");

        sql.Append(" WHERE container = @p0 AND pk = @p1 AND id = @p2");
        ConditionSql.AppendAll(sql, when);
        sql.Append(" RETURNING json(body)");
        return sql.Build();
    }

    private static void AppendIncrementsAndSets(SqlStatement sql, IReadOnlyList<Increment> increments, IReadOnlyList<SetProperty> sets)
    {
        if (increments.Count == 0 && sets.Count == 0)
        {
            sql.Append("body");
            return;
        }
        sql.Append("jsonb_set(body");
        // jsonb_set evaluates every new value against the old body, so a path named twice would lose a delta: sum first.
        var deltas = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var increment in increments)
        {
            var path = DocumentPath.ToJsonPath(increment.Path);
            deltas[path] = checked(deltas.GetValueOrDefault(path) + increment.Delta);
        }
        foreach (var (path, delta) in deltas)
        {
            var p = sql.Parameter(path);
            // A missing (or null) property counts as 0, as a Cosmos "incr" on a new property.
            sql.Append($", {p}, coalesce(json_extract(body, {p}), 0) + {sql.Parameter(delta)}");
        }
        // Set paths are distinct and never incremented (DocumentPatch.Check), so their order does not matter.
        foreach (var set in sets)
            sql.Append($", {sql.Parameter(DocumentPath.ToJsonPath(set.Path))}, jsonb({sql.Parameter(set.Value.GetRawText())})");
        sql.Append(")");
    }
}
