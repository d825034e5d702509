using Cooc.Ports;

namespace Cooc.Embedded.Documents;

/// <summary>
/// An index of the embedded store over one container's documents, or only those whose "kind" is Kind (a partial SQLite
/// index on JSON expressions): the partition key, then properties compared for equality, then the sort keys, then id,
/// then the <see cref="Include"/> properties.
/// It serves a query that has an equality condition (with a non-null value) on "kind" = Kind (and OnlyTrue = true) and on every Equal path,
/// and whose ORDER BY is exactly Order (none when Order is empty: the index then yields id order). Such a query reads
/// only its matching documents, in order, and stops at the page's end, instead of reading the whole partition
/// (<see cref="QuerySql"/>). The SQL compares the same expressions as <see cref="ConditionSql"/> writes, so results
/// are the same with or without it. Every write of a document the index holds updates it (a few microseconds per
/// index): the Kind keeps writes of other kinds from paying for it.
/// </summary>
public sealed record DocumentIndex(string Container, string? Kind, IReadOnlyList<string> Equal, IReadOnlyList<SortKey> Order)
{
    public const string KindPath = "kind";

    /// <summary>
    /// Properties stored after the id, for filters only: they change neither what the index serves nor its order, but a
    /// query's conditions on them are tested on the index entry, so rows they reject cost no read of their body
    /// (<see cref="ConditionSql.AppendAll"/>). For a filter that rejects most of the rows an index range walks.
    /// </summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>
    /// A boolean property the index is limited to, when true (part of its scope, as Kind): it serves only queries
    /// that ask for it to be true. An index holds entries only for the documents in its scope, so a write of a document
    /// out of it (before and after) changes no entry: "is the peer grade still provisional" as an Equal path rewrote an
    /// entry on every write of every submission (about 15 µs each, measured), for a query that runs when reviews close.
    /// </summary>
    public string? OnlyTrue { get; init; }

    public DocumentIndex(string container, string? kind, params string[] equal) : this(container, kind, equal, []) { }

    /// <summary>The SQLite index name, derived from the definition, so a changed definition gets a new index.</summary>
    public string Name
    {
        get
        {
            if (!IsSafeName(Container))
                throw new ArgumentException($"Invalid container name '{Container}' for an index.", nameof(Container));
            if (Kind is not null && !IsSafeName(Kind))
                throw new ArgumentException($"Invalid kind '{Kind}' for an index.", nameof(Kind));
            var kind = Kind is null ? "" : Kind + "_";
            var equal = string.Join("_", Equal.Select(NamePart));
            var order = Order.Count == 0 ? "" : "_by_" + string.Join("_", Order.Select(k => NamePart(k.Path) + (k.Descending ? "_desc" : "")));
            var include = Include.Count == 0 ? "" : "_with_" + string.Join("_", Include.Select(NamePart));
            var onlyTrue = OnlyTrue is null ? "" : "_when_" + NamePart(OnlyTrue);
            return $"{NamePrefix}{Container}_{kind}{equal}{order}{include}{onlyTrue}";
        }
    }

    internal const string NamePrefix = "documents_ix_";

    internal string CreateSql()
    {
        var columns = Equal.Select(p => QuerySql.Extract(p))
            .Concat(Order.Select(k => QuerySql.Extract(k.Path) + (k.Descending ? " DESC" : "")))
            .Append("id")
            .Concat(Include.Select(p => QuerySql.Extract(p)));
        return $"CREATE INDEX IF NOT EXISTS {Name} ON documents (pk, {string.Join(", ", columns)}) WHERE {Scope}";
    }

    /// <summary>
    /// The documents the index holds, as SQL with literals: a query must state these terms so (not with parameters)
    /// for SQLite to use a partial index, so QuerySql adds them to the query's own (equivalent) conditions.
    /// </summary>
    internal string Scope => (Kind is null ? $"container = '{Container}'" : $"container = '{Container}' AND {QuerySql.Extract(KindPath)} = '{Kind}'")
        + (OnlyTrue is null ? "" : $" AND json_type(body, {QuerySql.PathLiteral(OnlyTrue)}) = 'true'");

    /// <summary>
    /// The condition holds for every document the index holds (kind = Kind, OnlyTrue = true): a query through the index leaves it out,
    /// as its <see cref="Scope"/> states it, and testing it again would read each row's body, which is not in the index.
    /// </summary>
    internal bool ScopeImplies(Condition c) => c.Op == Comparison.Equal && c.OtherPath is null
        && ((Kind is not null && c.Path == KindPath && c.Value is string k && k == Kind) || (OnlyTrue is not null && c.Path == OnlyTrue && c.Value is true));

    /// <summary>How many equality paths this index narrows the query by, or -1 when it cannot serve it.</summary>
    internal int Serves(string container, DocumentQuery query)
    {
        // Plain loops: every query asks every index, and LINQ allocated enumerators and closures each time.
        if (container != Container) return -1;
        var where = query.Where;
        if ((Kind is not null && !Any(where, this, KindPath)) || (OnlyTrue is not null && !Any(where, this, OnlyTrue)))
            return -1;
        var order = query.OrderBy ?? [];
        if (order.Count != Order.Count) return -1;
        for (var i = 0; i < order.Count; i++)
            if (order[i] != Order[i]) return -1;
        for (var i = 0; i < Equal.Count; i++)
            if (!Any(where, null, Equal[i])) return -1;
        return Equal.Count + (Kind is null ? 0 : 1) + (OnlyTrue is null ? 0 : 1);
    }

    /// <summary>A condition on the path that the scope implies (scope set), or an equality with a non-null value on it.</summary>
    private static bool Any(IReadOnlyList<Condition> conditions, DocumentIndex? scope, string path)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            var c = conditions[i];
            if (c.Path == path && (scope is not null ? scope.ScopeImplies(c)
                    : c.Op == Comparison.Equal && c.OtherPath is null && ScalarValue.From(c.Value).Kind != JsonKind.Null))
                return true;
        }
        return false;
    }

    private static string NamePart(string path) => path.Replace('.', '_');

    private static bool IsSafeName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
