namespace Cooc.Azure.Documents;

/// <summary>
/// A port path ("grade.total") written for Cosmos: as a quoted property reference (c["grade"]["total"]) in SQL,
/// or as a JSON pointer (/grade/total) in patch operations. Only letters, digits and '_' are allowed in names,
/// so nothing in a path needs escaping and nothing can break out of the quotes.
/// </summary>
internal static class CosmosPropertyPath
{
    public const string Alias = "c";

    public static string Sql(string path) => Alias + string.Concat(Names(path).Select(name => $"[\"{name}\"]"));

    public static string Pointer(string path) => "/" + string.Join('/', Names(path));

    public static string[] Names(string path)
    {
        var names = path.Split('.');
        if (names.Any(name => name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
            throw new ArgumentException($"Invalid document path '{path}': use dotted names of letters, digits and '_'.", nameof(path));
        return names;
    }
}
