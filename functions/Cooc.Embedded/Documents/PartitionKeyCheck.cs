using System.Text.Json;
using Cooc.Ports;

namespace Cooc.Embedded.Documents;

/// <summary>
/// Cosmos rejects a document whose partition key property differs from the partition key of the call;
/// checking it here too makes such a bug fail in standalone runs, not first in Azure.
/// Only the known containers are checked (their partition key paths are top-level properties).
/// </summary>
internal static class PartitionKeyCheck
{
    public static void Verify(string container, string partitionKey, ReadOnlySpan<byte> json)
    {
        if (!Containers.PartitionKeyPaths.TryGetValue(container, out var keyPath))
            return;
        var property = keyPath.AsSpan(1);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isKey = reader.ValueTextEquals(property);
            reader.Read();
            if (isKey && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(partitionKey))
                return;
            if (isKey)
                break;
            reader.Skip();
        }
        throw new ArgumentException(
            $"The document's {keyPath} does not equal the partition key '{partitionKey}' of '{container}'.", nameof(partitionKey));
    }
}
