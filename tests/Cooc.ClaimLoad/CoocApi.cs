using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cooc.ClaimLoad;

/// <summary>The few API calls the benchmark makes, with JSON bodies and a bearer token.</summary>
public sealed class CoocApi(HttpClient http)
{
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = body is null ? new ByteArrayContent([]) : new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var json = bytes.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(bytes);
        return ((int)response.StatusCode, json);
    }

    /// <summary>A POST that must answer one of the expected statuses; anything else stops the run.</summary>
    public async Task<JsonElement> PostExpectingAsync(string path, string token, object? body, params int[] expected)
    {
        var (status, json) = await PostAsync(path, token, body);
        if (!expected.Contains(status))
            throw new InvalidOperationException($"POST {path} answered {status}: {json}");
        return json;
    }
}
