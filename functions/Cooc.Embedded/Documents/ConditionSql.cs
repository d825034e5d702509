using Cooc.Ports;

namespace Cooc.Embedded.Documents;

/// <summary>
/// Writes a <see cref="Condition"/> as SQL over the JSONB body, with Cosmos semantics: a comparison holds only when
/// both sides are defined and of the same JSON type (null = null holds; a missing property or a type mismatch never does).
/// </summary>
internal static class ConditionSql
{
    public static void AppendAll(SqlStatement sql, IReadOnlyList<Condition>? conditions)
    {
        foreach (var condition in conditions ?? [])
        {
            sql.Append(" AND ");
            Append(sql, condition);
        }
    }

    private static void Append(SqlStatement sql, Condition condition)
    {
        // Paths are literals (DocumentPath allows only safe characters): an index on the same expression can then serve it.
        var path = QuerySql.PathLiteral(condition.Path);
        var op = Operator(condition.Op);
        if (condition.OtherPath is { } otherPath)
        {
            var other = QuerySql.PathLiteral(otherPath);
            sql.Append($"((json_extract(body, {path}) {op} json_extract(body, {other}) AND {TypeClass(path)} = {TypeClass(other)})");
            if (IsInclusive(condition.Op))
                sql.Append($" OR (json_type(body, {path}) = 'null' AND json_type(body, {other}) = 'null')");
            sql.Append(")");
            return;
        }

        var value = ScalarValue.From(condition.Value);
        if (value.Kind == JsonKind.Null)
        {
            sql.Append(IsInclusive(condition.Op) ? $"json_type(body, {path}) = 'null'" : "0");
            return;
        }

        // The comparison first: it rejects most rows, so the type check rarely runs.
        var typeTest = value.Kind switch
        {
            JsonKind.String => "= 'text'",
            JsonKind.Number => "IN ('integer', 'real')",
            _ => "IN ('true', 'false')",
        };
        sql.Append($"(json_extract(body, {path}) {op} {sql.Parameter(value.Sql)} AND json_type(body, {path}) {typeTest})");
    }

    /// <summary>1 number, 2 boolean, 3 string; NULL for null, objects, arrays and missing properties.</summary>
    private static string TypeClass(string path) =>
        $"CASE json_type(body, {path}) WHEN 'integer' THEN 1 WHEN 'real' THEN 1 WHEN 'true' THEN 2 WHEN 'false' THEN 2 WHEN 'text' THEN 3 END";

    private static bool IsInclusive(Comparison op) =>
        op is Comparison.Equal or Comparison.LessOrEqual or Comparison.GreaterOrEqual;

    private static string Operator(Comparison op) => op switch
    {
        Comparison.Equal => "=",
        Comparison.NotEqual => "<>",
        Comparison.LessThan => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.GreaterThan => ">",
        Comparison.GreaterOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown comparison."),
    };
}
