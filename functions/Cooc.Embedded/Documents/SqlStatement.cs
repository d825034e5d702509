using System.Runtime.CompilerServices;
using System.Text;

namespace Cooc.Embedded.Documents;

/// <summary>
/// SQL text with positional parameters @p0, @p1...: the text depends only on the shape of a request,
/// so the prepared command can be cached by text and reused with new values. Built on every query and write, so
/// interpolated pieces go straight into the builder (<see cref="Piece"/>) and parameter names are made once.
/// </summary>
internal sealed class SqlStatement
{
    private static readonly string[] ParameterNames = [.. Enumerable.Range(0, 64).Select(i => "@p" + i)];
    private readonly StringBuilder _text = new(256);
    private readonly List<object?> _values = [];

    public SqlStatement Append(string sql)
    {
        _text.Append(sql);
        return this;
    }

    /// <summary>An interpolated piece, written into the text without making a string of it first.</summary>
    public SqlStatement Append([InterpolatedStringHandlerArgument("")] ref Piece piece) => this;

    /// <summary>Adds a parameter and returns its name, to be used (possibly several times) in the text.</summary>
    public string Parameter(object? value)
    {
        _values.Add(value);
        var index = _values.Count - 1;
        return index < ParameterNames.Length ? ParameterNames[index] : "@p" + index;
    }

    public (string Text, object?[] Values) Build() => (_text.ToString(), _values.ToArray());

    [InterpolatedStringHandler]
    public ref struct Piece
    {
        private StringBuilder.AppendInterpolatedStringHandler _inner;

        public Piece(int literalLength, int formattedCount, SqlStatement sql) => _inner = new(literalLength, formattedCount, sql._text);

        public void AppendLiteral(string value) => _inner.AppendLiteral(value);

        public void AppendFormatted(string? value) => _inner.AppendFormatted(value);

        public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);
    }
}
