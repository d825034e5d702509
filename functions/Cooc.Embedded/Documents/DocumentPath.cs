namespace Cooc.Embedded.Documents;

/// <summary>Turns a port path ("grade.total") into a SQLite JSON path ("$.grade.total"), allowing only safe characters.</summary>
internal static class DocumentPath
{
    public static string ToJsonPath(string path)
    {
        if (!IsValid(path))
            throw new ArgumentException($"Invalid document path '{path}': use dotted names of letters, digits and '_'.", nameof(path));
        return "$." + path;
    }

    private static bool IsValid(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] == '.' || path[^1] == '.')
            return false;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '.' ? path[i - 1] == '.' : !(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        }
        return true;
    }
}
