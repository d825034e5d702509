using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cooc.Ports;

namespace Cooc.Functions.Video.Upload;

/// <summary>
/// The Cooc API calls of an upload: open a session, read it (with its missing blocks), complete it, read the lecture.
/// Transient failures are retried; refusals become an <see cref="UploadFailedException"/> with the problem's title and
/// detail. The token goes only to the API, never to the signed blob URLs.
/// </summary>
public sealed class UploadApiClient(HttpClient http, Uri server, string token, RetryPolicy retry)
{
    public Task<UploadView> OpenAsync(string courseId, string lectureId, OpenUpload upload, CancellationToken ct) =>
        // Not retried: a lost answer would leave an orphan session, and the instructor can simply run the command again.
        SendAsync<UploadView>(HttpMethod.Post, UploadsPath(courseId, lectureId), upload, HttpStatusCode.Created, ct)!;

    /// <summary>The session with its missing blocks, or null when the server does not know it (anymore).</summary>
    public Task<UploadView?> FindAsync(string courseId, string lectureId, string uploadId, CancellationToken ct) =>
        retry.RunAsync("reading the upload", token =>
            SendAsync<UploadView>(HttpMethod.Get, $"{UploadsPath(courseId, lectureId)}/{Uri.EscapeDataString(uploadId)}", null, HttpStatusCode.OK, token, notFoundIsNull: true), ct);

    public Task<LectureVideoView> CompleteAsync(string courseId, string lectureId, string uploadId, CancellationToken ct) =>
        retry.RunAsync("completing the upload", async token =>
            (await SendAsync<LectureVideoView>(HttpMethod.Post, $"{UploadsPath(courseId, lectureId)}/{Uri.EscapeDataString(uploadId)}/complete", null, HttpStatusCode.Accepted, token))!, ct);

    public Task<LectureVideoView> GetLectureAsync(string courseId, string lectureId, CancellationToken ct) =>
        retry.RunAsync("reading the lecture", async token =>
            (await SendAsync<LectureVideoView>(HttpMethod.Get, LecturePath(courseId, lectureId), null, HttpStatusCode.OK, token))!, ct);

    private static string LecturePath(string courseId, string lectureId) =>
        $"api/courses/{Uri.EscapeDataString(courseId)}/lectures/{Uri.EscapeDataString(lectureId)}";

    private static string UploadsPath(string courseId, string lectureId) => $"{LecturePath(courseId, lectureId)}/uploads";

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, HttpStatusCode expected, CancellationToken ct, bool notFoundIsNull = false)
        where T : class
    {
        using var request = new HttpRequestMessage(method, new Uri(server, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null) request.Content = JsonContent.Create(body, options: DocumentJson.Options);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == expected)
            return JsonSerializer.Deserialize<T>(text, DocumentJson.Options) ?? throw new UploadFailedException($"{method} {path}: the server sent an empty answer.");
        if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound) return null;
        var problem = $"{(int)response.StatusCode} {response.ReasonPhrase}: {ProblemText.Of(text)}";
        if (TransientStatusException.IsTransient(response.StatusCode)) throw new TransientStatusException(response.StatusCode, problem);
        throw new UploadFailedException($"The server refused {method} /{path}: {problem}{Hint(response.StatusCode)}");
    }

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => " Check --token: it must be a valid, unexpired token for this server.",
        HttpStatusCode.Forbidden => " Only the course's staff (instructors) may upload its videos.",
        HttpStatusCode.NotFound => " Check --course and --lecture (and that the token's organization owns the course).",
        _ => "",
    };
}

/// <summary>An error body in one line: an RFC 9457 problem's title, detail and field errors, or the start of any other text.</summary>
public static class ProblemText
{
    private const int MaxLength = 300;

    public static string Of(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("title", out var title))
            {
                var parts = new List<string> { TextOf(title) };
                if (root.TryGetProperty("detail", out var detail)) parts.Add(TextOf(detail));
                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                    parts.AddRange(errors.EnumerateObject().Select(e => $"{e.Name}: {TextOf(e.Value)}"));
                return string.Join(" ", parts.Where(p => p.Length > 0).Select(p => p.TrimEnd('.') + "."));
            }
        }
        catch (JsonException)
        {
            // Not JSON: Azure Storage answers in XML, proxies in HTML.
        }
        var plain = string.Join(" ", body.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return plain.Length == 0 ? "(no details)" : plain.Length <= MaxLength ? plain : plain[..MaxLength] + "…";
    }

    private static string TextOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join(" ", value.EnumerateArray().Select(TextOf)),
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };
}
