using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace Cooc.Azure.Documents;

/// <summary>
/// The SDK's serializer for what it writes itself from our objects (patch operation values, query parameters),
/// so they are written exactly as the stored documents: with <see cref="Cooc.Ports.DocumentJson.Options"/>.
/// </summary>
internal sealed class SystemTextJsonCosmosSerializer(JsonSerializerOptions options) : CosmosSerializer
{
    public override T FromStream<T>(Stream stream)
    {
        if (typeof(Stream).IsAssignableFrom(typeof(T)))
            return (T)(object)stream;
        using (stream)
            return JsonSerializer.Deserialize<T>(stream, options)!;
    }

    public override Stream ToStream<T>(T input)
    {
        var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, input, options);
        stream.Position = 0;
        return stream;
    }
}
