using Cooc.Ports;

namespace Cooc.Azure.Documents;

/// <summary>
/// Writes a <see cref="Condition"/> as Cosmos SQL. Cosmos itself gives the port's semantics: a comparison of a
/// missing property, or of values of different types, is undefined and never holds (not even !=).
/// Values go through <c>value</c>: a query parameter name, or a literal in a patch filter predicate.
/// </summary>
internal static class CosmosConditionSql
{
    public static IEnumerable<string> All(IReadOnlyList<Condition>? conditions, Func<object?, string> value) =>
        (conditions ?? []).Select(condition => One(condition, value));

    /// <summary>The filter predicate of a conditional patch: "FROM c WHERE ...", with the values as literals.</summary>
    public static string? FilterPredicate(IReadOnlyList<Condition>? conditions)
    {
        var sql = All(conditions, CosmosScalar.Literal).ToList();
        return sql.Count == 0 ? null : $"FROM {CosmosPropertyPath.Alias} WHERE " + string.Join(" AND ", sql);
    }

    private static string One(Condition condition, Func<object?, string> value)
    {
        var path = CosmosPropertyPath.Sql(condition.Path);
        var op = Operator(condition.Op);
        if (condition.OtherPath is { } otherPath)
            return $"{path} {op} {CosmosPropertyPath.Sql(otherPath)}";

        var scalar = CosmosScalar.From(condition.Value);
        if (scalar is null)
        {
            // Only null equals null; "< null", "!= null" and the like hold for nothing.
            var inclusive = condition.Op is Comparison.Equal or Comparison.LessOrEqual or Comparison.GreaterOrEqual;
            return inclusive ? $"IS_NULL({path})" : "false";
        }
        return $"{path} {op} {value(scalar)}";
    }

    private static string Operator(Comparison op) => op switch
    {
        Comparison.Equal => "=",
        Comparison.NotEqual => "!=",
        Comparison.LessThan => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.GreaterThan => ">",
        Comparison.GreaterOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown comparison."),
    };
}
