using System.Collections.Concurrent;
using System.Text.Json;
using Cooc.Ports;

namespace Cooc.Embedded.Documents;

internal enum JsonKind { Null, Boolean, Number, String }

/// <summary>
/// A condition value as it is stored: written with <see cref="DocumentJson.Options"/> (so enums become camelCase
/// strings and dates ISO strings), then turned into the SQL value json_extract returns for it.
/// </summary>
internal readonly record struct ScalarValue(JsonKind Kind, object? Sql)
{
    public static ScalarValue From(object? value) => value switch
    {
        null => new(JsonKind.Null, null),
        string s => new(JsonKind.String, s),
        bool b => new(JsonKind.Boolean, b ? 1L : 0L),
        int i => new(JsonKind.Number, (long)i),
        long l => new(JsonKind.Number, l),
        Enum e => Enums.GetOrAdd(e, static e => FromJson(JsonSerializer.SerializeToElement(e, e.GetType(), DocumentJson.Options))),
        _ => FromJson(JsonSerializer.SerializeToElement(value, value.GetType(), DocumentJson.Options)),
    };

    // Statuses and kinds are enums, in conditions of most queries and patches: each value is written once.
    private static readonly ConcurrentDictionary<Enum, ScalarValue> Enums = new();

    private static ScalarValue FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Null => new(JsonKind.Null, null),
        JsonValueKind.True => new(JsonKind.Boolean, 1L),
        JsonValueKind.False => new(JsonKind.Boolean, 0L),
        JsonValueKind.String => new(JsonKind.String, json.GetString()),
        JsonValueKind.Number => json.TryGetInt64(out var l) ? new(JsonKind.Number, l) : new(JsonKind.Number, json.GetDouble()),
        _ => throw new ArgumentException($"Conditions compare scalar values only, not {json.ValueKind}."),
    };
}
