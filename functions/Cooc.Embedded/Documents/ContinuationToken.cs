using System.Buffers.Text;
using System.Text.Json;

namespace Cooc.Embedded.Documents;

/// <summary>
/// Where the previous page ended: the sort key values and id of its last document (keyset pagination), plus the
/// ORDER BY it belongs to. Stable under concurrent inserts and deletes: no document is skipped or repeated
/// unless its sort key itself changes between pages.
/// </summary>
internal sealed record ContinuationToken(string OrderBy, object?[] Keys, string LastId)
{
    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("o", OrderBy);
            json.WriteStartArray("k");
            foreach (var key in Keys)
            {
                switch (key)
                {
                    case null: json.WriteNullValue(); break;
                    case long l: json.WriteNumberValue(l); break;
                    case double d: json.WriteNumberValue(d); break;
                    case string s: json.WriteStringValue(s); break;
                    default: throw new InvalidOperationException($"Unexpected sort value {key.GetType()}.");
                }
            }
            json.WriteEndArray();
            json.WriteString("i", LastId);
            json.WriteEndObject();
        }
        return Base64Url.EncodeToString(buffer.ToArray());
    }

    public static ContinuationToken Decode(string token, string orderBy)
    {
        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var root = json.RootElement;
            var keys = root.GetProperty("k").EnumerateArray().Select(ToSqlValue).ToArray();
            var decoded = new ContinuationToken(root.GetProperty("o").GetString()!, keys, root.GetProperty("i").GetString()!);
            if (decoded.OrderBy == orderBy)
                return decoded;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ArgumentException("The continuation token is not valid.", nameof(token), e);
        }
        throw new ArgumentException("The continuation token belongs to a query with another ORDER BY.", nameof(token));
    }

    private static object? ToSqlValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.GetDouble(),
        _ => throw new FormatException("Unexpected sort value in continuation token."),
    };
}
