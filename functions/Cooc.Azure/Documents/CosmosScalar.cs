using System.Text.Json;
using Cooc.Ports;

namespace Cooc.Azure.Documents;

/// <summary>The order in which Cosmos sorts values of different types (undefined, i.e. missing, first).</summary>
internal enum CosmosTypeOrder { Undefined, Null, Boolean, Number, String }

/// <summary>
/// Condition and sort values as they are stored: written with <see cref="DocumentJson.Options"/> (enums become
/// camelCase strings, dates ISO strings) and reduced to null, bool, long, double or string; or <see cref="Undefined"/>.
/// </summary>
internal static class CosmosScalar
{
    /// <summary>A property the document does not have (it sorts before null, and compares with nothing).</summary>
    public static readonly object Undefined = new();

    public static object? From(object? value) => value switch
    {
        null or string or bool or long or double => value,
        int i => (long)i,
        _ => FromJson(JsonSerializer.SerializeToElement(value, value.GetType(), DocumentJson.Options)),
    };

    public static object? FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number => json.TryGetInt64(out var l) ? l : json.GetDouble(),
        JsonValueKind.Undefined => Undefined,
        _ => throw new NotSupportedException($"Conditions and sort keys compare scalar values only, not {json.ValueKind}."),
    };

    /// <summary>The value at a path of a document, or <see cref="Undefined"/> when a property on the way is missing.</summary>
    public static object? At(JsonElement document, string path)
    {
        var current = document;
        foreach (var name in CosmosPropertyPath.Names(path))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                return Undefined;
        }
        return FromJson(current);
    }

    public static CosmosTypeOrder TypeOrder(object? value) => value switch
    {
        null => CosmosTypeOrder.Null,
        bool => CosmosTypeOrder.Boolean,
        long or double => CosmosTypeOrder.Number,
        string => CosmosTypeOrder.String,
        _ when ReferenceEquals(value, Undefined) => CosmosTypeOrder.Undefined,
        _ => throw new ArgumentException($"Unexpected value of type {value.GetType()}.", nameof(value)),
    };

    /// <summary>The value as a Cosmos SQL literal, for filter predicates (which take no parameters). JSON is valid Cosmos SQL.</summary>
    public static string Literal(object? value) => JsonSerializer.Serialize(value);
}
