using System.Text;

namespace Cooc.Embedded.Documents;

/// <summary>
/// SQL text with positional parameters @p0, @p1...: the text depends only on the shape of a request,
/// so the prepared command can be cached by text and reused with new values.
/// </summary>
internal sealed class SqlStatement
{
    private readonly StringBuilder _text = new();
    private readonly List<object?> _values = [];

    public SqlStatement Append(string sql)
    {
        _text.Append(sql);
        return this;
    }

    /// <summary>Adds a parameter and returns its name, to be used (possibly several times) in the text.</summary>
    public string Parameter(object? value)
    {
        _values.Add(value);
        return "@p" + (_values.Count - 1);
    }

    public (string Text, object?[] Values) Build() => (_text.ToString(), _values.ToArray());
}
