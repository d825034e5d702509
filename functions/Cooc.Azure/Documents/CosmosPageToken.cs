using System.Buffers.Text;
using System.Text.Json;

namespace Cooc.Azure.Documents;

/// <summary>
/// Where a page ended: the ORDER BY values (the id last) of its last document, for keyset paging.
/// The token is ours, not the SDK's: it works the same on real Cosmos and on the emulator, survives inserts and
/// deletes between pages (nothing skipped or repeated unless a sort value itself changes), and costs no more RU on
/// page 100 than on page 1. Missing properties are written as {} (sort values are never objects).
/// </summary>
internal sealed record CosmosPageToken(string OrderBy, object?[] Values)
{
    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("o", OrderBy);
            json.WriteStartArray("k");
            foreach (var value in Values)
            {
                if (ReferenceEquals(value, CosmosScalar.Undefined))
                {
                    json.WriteStartObject();
                    json.WriteEndObject();
                }
                else
                {
                    JsonSerializer.Serialize(json, value);
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <exception cref="ArgumentException">the token is malformed or belongs to another ORDER BY.</exception>
    public static CosmosPageToken Decode(string token, string orderBy, int keyCount)
    {
        CosmosPageToken decoded;
        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var values = json.RootElement.GetProperty("k").EnumerateArray()
                .Select(v => v.ValueKind == JsonValueKind.Object ? CosmosScalar.Undefined : CosmosScalar.FromJson(v))
                .ToArray();
            decoded = new CosmosPageToken(json.RootElement.GetProperty("o").GetString()!, values);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException
                                      or KeyNotFoundException or NotSupportedException)
        {
            throw new ArgumentException("The continuation token is not valid.", nameof(token), e);
        }
        if (decoded.OrderBy != orderBy || decoded.Values.Length != keyCount)
            throw new ArgumentException("The continuation token belongs to a query with another ORDER BY.", nameof(token));
        return decoded;
    }
}
