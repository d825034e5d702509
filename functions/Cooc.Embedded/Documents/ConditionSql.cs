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
    /// Those the index read through states in its scope are left out (<see cref="DocumentIndex.ScopeImplies"/>).
    /// </summary>
    public static void AppendAll(SqlStatement sql, IReadOnlyList<Condition>? conditions, DocumentIndex? through = null)
    {
        if (conditions is not { Count: > 0 }) return;
        var values = new ScalarValue?[conditions.Count]; // null: the index's scope states it
        for (var i = 0; i < conditions.Count; i++)
        {
            if (through?.ScopeImplies(conditions[i]) == true) continue;
            var value = ScalarValue.From(conditions[i].Value);
            values[i] = value;
            if (IsComparison(conditions[i], value))
                sql.Append($" AND json_extract(body, {QuerySql.PathLiteral(conditions[i].Path)}) {Operator(conditions[i].Op)} {sql.Parameter(value.Sql)}");
        }
        for (var i = 0; i < conditions.Count; i++)
        {
            if (values[i] is not { } value || IsComparison(conditions[i], value)) continue;
            sql.Append(" AND ");
            AppendOther(sql, conditions[i]);
        }
        // A comparison holds only between values of the same JSON type.
        for (var i = 0; i < conditions.Count; i++)
        {
            if (values[i] is not { } value || !IsComparison(conditions[i], value)) continue;
            var types = value.Kind switch
            {
                JsonKind.String => "= 'text'",
                JsonKind.Number => "IN ('integer', 'real')",
                _ => "IN ('true', 'false')",
            };
            sql.Append($" AND json_type(body, {QuerySql.PathLiteral(conditions[i].Path)}) {types}");
        }
    }

    /// <summary>
    /// A comparison with a non-null value. Paths are literals (DocumentPath allows only safe characters): an index on
    /// the same expression can then serve it.
    /// </summary>
    private static bool IsComparison(Condition condition, ScalarValue value) => condition.OtherPath is null && value.Kind != JsonKind.Null;

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
