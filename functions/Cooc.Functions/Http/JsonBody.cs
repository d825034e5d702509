using System.Text.Json;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;

namespace Cooc.Functions.Http;

/// <summary>Settings for request bodies; Cooc:MaxJsonBodyBytes (default 1 MB).</summary>
public sealed class HttpLimits
{
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Reads a JSON request body with a size limit, turning every way it can be wrong into a 4xx problem.</summary>
public sealed class JsonBody(HttpLimits limits)
{
    public async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentLength > limits.MaxJsonBodyBytes) return (null, TooLarge());
        if (!(request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false)
            && !(request.ContentType?.Contains("+json", StringComparison.OrdinalIgnoreCase) ?? false))
            return (null, Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Send a JSON body.", "Set Content-Type: application/json."));

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limits.MaxJsonBodyBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return (null, Problems.BadRequest("The request body is empty.", "Send a JSON object."));
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), DocumentJson.Options);
            return value is null ? (null, Problems.BadRequest("The request body is null.", "Send a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            return (null, Problems.Validation(new Dictionary<string, string[]> { [field] = [Describe(e)] }, "The request body is not valid JSON for this request."));
        }
    }

    private IResult TooLarge() => Problems.Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
        $"At most {limits.MaxJsonBodyBytes} bytes.");

    // JsonException messages name .NET types; say what was expected in JSON words instead.
    private static string Describe(JsonException e) =>
        e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "The value has the wrong type or format for this field."
        : e.Message.Contains("missing required", StringComparison.OrdinalIgnoreCase) ? "A required property is missing."
        : "Malformed JSON.";
}
