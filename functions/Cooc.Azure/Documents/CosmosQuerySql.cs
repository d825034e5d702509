using System.Text;
using Cooc.Ports;
using Microsoft.Azure.Cosmos;

namespace Cooc.Azure.Documents;

/// <summary>
/// The SQL of one page: SELECT TOP PageSize+1 (one more tells whether another page exists), the conditions as
/// parameters @p0..., and after the first page a keyset predicate "(sort values, id) come after the token's".
/// </summary>
internal sealed class CosmosQuerySql
{
    private readonly List<object?> _parameters = [];

    private CosmosQuerySql(IReadOnlyList<SortKey> orderBy) => OrderBy = orderBy;

    /// <summary>The ORDER BY of the page, id last: the values a continuation token keeps.</summary>
    public IReadOnlyList<SortKey> OrderBy { get; }

    public string Signature => CosmosOrderBy.Signature(OrderBy);

    public static (QueryDefinition Definition, CosmosQuerySql Page) Build(DocumentQuery query)
    {
        if (query.PageSize < 1)
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "PageSize must be at least 1.");
        var page = new CosmosQuerySql(CosmosOrderBy.WithTieBreak(query.OrderBy));
        var filters = CosmosConditionSql.All(query.Where, page.Parameter).ToList();
        if (query.ContinuationToken is { } token)
        {
            var after = CosmosPageToken.Decode(token, page.Signature, page.OrderBy.Count);
            filters.Add(page.After(after.Values, 0));
        }

        var sql = new StringBuilder($"SELECT TOP {query.PageSize + 1} * FROM {CosmosPropertyPath.Alias}");
        if (filters.Count > 0)
            sql.Append(" WHERE ").AppendJoin(" AND ", filters.Select(f => $"({f})"));
        sql.Append(" ORDER BY ").Append(CosmosOrderBy.Sql(page.OrderBy));

        var definition = new QueryDefinition(sql.ToString());
        for (var i = 0; i < page._parameters.Count; i++)
            definition.WithParameter("@p" + i, page._parameters[i]);
        return (definition, page);
    }

    private string Parameter(object? value)
    {
        _parameters.Add(value);
        return "@p" + (_parameters.Count - 1);
    }

    // after(i) = ahead(i) OR (tie(i) AND after(i + 1)); the last key is id, which is unique, so it has no tie.
    private string After(object?[] values, int i)
    {
        var ahead = Ahead(OrderBy[i], values[i]);
        return i == OrderBy.Count - 1 ? ahead : $"{ahead} OR ({Tie(OrderBy[i], values[i])} AND ({After(values, i + 1)}))";
    }

    /// <summary>
    /// Values that sort after v in the key's direction: larger (smaller) ones of v's type, and values of the types
    /// Cosmos sorts after (before) v's type: undefined, null, booleans, numbers, strings.
    /// </summary>
    private string Ahead(SortKey key, object? value)
    {
        var path = CosmosPropertyPath.Sql(key.Path);
        var order = CosmosScalar.TypeOrder(value);
        var parts = new List<string>();
        if (order > CosmosTypeOrder.Null)
            parts.Add($"{path} {(key.Descending ? "<" : ">")} {Parameter(value)}");
        parts.AddRange(Enum.GetValues<CosmosTypeOrder>()
            .Where(other => key.Descending ? other < order : other > order)
            .Select(other => TypeTest(other, path)));
        return parts.Count == 0 ? "false" : "(" + string.Join(" OR ", parts) + ")";
    }

    private string Tie(SortKey key, object? value)
    {
        var path = CosmosPropertyPath.Sql(key.Path);
        var order = CosmosScalar.TypeOrder(value);
        return order > CosmosTypeOrder.Null ? $"{path} = {Parameter(value)}" : TypeTest(order, path);
    }

    private static string TypeTest(CosmosTypeOrder order, string path) => order switch
    {
        CosmosTypeOrder.Undefined => $"NOT IS_DEFINED({path})",
        CosmosTypeOrder.Null => $"IS_NULL({path})",
        CosmosTypeOrder.Boolean => $"IS_BOOL({path})",
        CosmosTypeOrder.Number => $"IS_NUMBER({path})",
        _ => $"IS_STRING({path})",
    };
}
