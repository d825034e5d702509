using Cooc.Ports;

namespace Cooc.Embedded.Documents;

/// <summary>
/// Writes a <see cref="Condition"/> as SQL over the JSONB body, with Cosmos semantics: a comparison holds only when
/// both sides are defined and of the same JSON type (null = null holds; a missing property or a type mismatch never does).
/// </summary>
internal static class ConditionSql
{
    /// <summary>
    /// The conditions ANDed: first every comparison of a property with a value, then the conditions between two
    /// properties or with null, then the type checks of the first ones. SQLite tests the terms in that order, so a row
    /// an index's columns already reject (<see cref="DocumentIndex.Include"/>) is skipped without reading its body.
    /// </summary>
    public static void AppendAll(SqlStatement sql, IReadOnlyList<Condition>? conditions)
    {
        if (conditions is not { Count: > 0 }) return;
        List<string>? typeTests = null;
        foreach (var condition in conditions)
        {
            if (condition.OtherPath is not null || ScalarValue.From(condition.Value).Kind == JsonKind.Null) continue;
            sql.Append(" AND ");
            (typeTests ??= []).Add(AppendComparison(sql, condition));
        }
        foreach (var condition in conditions)
        {
            if (condition.OtherPath is null && ScalarValue.From(condition.Value).Kind != JsonKind.Null) continue;
            sql.Append(" AND ");
            AppendOther(sql, condition);
        }
        foreach (var test in typeTests ?? [])
            sql.Append(" AND ").Append(test);
    }

    /// <summary>A comparison with a non-null value; returns its type check, due in the same AND.</summary>
    private static string AppendComparison(SqlStatement sql, Condition condition)
    {
        // Paths are literals (DocumentPath allows only safe characters): an index on the same expression can then serve it.
        var path = QuerySql.PathLiteral(condition.Path);
        var value = ScalarValue.From(condition.Value);
        sql.Append($"json_extract(body, {path}) {Operator(condition.Op)} {sql.Parameter(value.Sql)}");
        return value.Kind switch
        {
            JsonKind.String => $"json_type(body, {path}) = 'text'",
            JsonKind.Number => $"json_type(body, {path}) IN ('integer', 'real')",
            _ => $"json_type(body, {path}) IN ('true', 'false')",
        };
    }

    /// <summary>A comparison with another property, or with null.</summary>
    private static void AppendOther(SqlStatement sql, Condition condition)
    {
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
        sql.Append(IsInclusive(condition.Op) ? $"json_type(body, {path}) = 'null'" : "0");
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
