using Cooc.Ports;

namespace Cooc.Azure.Documents;

/// <summary>
/// The ORDER BY of a query: its sort keys, then id ascending to break ties (unless id is already a key).
/// Queries and composite indexes both use this, so every ORDER BY the app runs finds its index.
/// </summary>
internal static class CosmosOrderBy
{
    private static readonly SortKey Id = new("id");

    public static IReadOnlyList<SortKey> WithTieBreak(IReadOnlyList<SortKey>? sortKeys)
    {
        var keys = sortKeys ?? [];
        return keys.Any(k => k.Path == Id.Path) ? keys : [.. keys, Id];
    }

    public static string Sql(IReadOnlyList<SortKey> keys) =>
        string.Join(", ", keys.Select(k => CosmosPropertyPath.Sql(k.Path) + (k.Descending ? " DESC" : " ASC")));

    /// <summary>Identifies an ORDER BY, so a continuation token is not used with another one.</summary>
    public static string Signature(IReadOnlyList<SortKey> keys) =>
        string.Join(",", keys.Select(k => k.Descending ? k.Path + " desc" : k.Path));
}
