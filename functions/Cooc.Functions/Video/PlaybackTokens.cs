using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Cooc.Functions.Video;

/// <summary>
/// The short-lived token that playlist URLs carry instead of a bearer header (HLS players send none): an HMAC over the
/// course, lecture, version and expiry. It names no learner, so everyone watching a lecture within one signature
/// bucket gets the same playlist URLs, which a CDN can cache. The key is shared by all instances (configuration in
/// Azure, a file in the data folder standalone).
/// </summary>
public sealed class PlaybackTokens(byte[] key, TimeProvider time)
{
    public string Create(string courseId, string lectureId, string version, DateTimeOffset expiresAt)
    {
        var payload = $"{expiresAt.ToUnixTimeSeconds()}.{version}";
        return $"{payload}.{Signature(courseId, lectureId, payload)}";
    }

    /// <summary>The version the token grants, or null when it is forged, for another lecture, or expired.</summary>
    public string? Validate(string? token, string courseId, string lectureId)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var lastDot = token.LastIndexOf('.');
        var firstDot = token.IndexOf('.');
        if (firstDot <= 0 || lastDot <= firstDot) return null;
        var payload = token[..lastDot];
        var expected = Encoding.ASCII.GetBytes(Signature(courseId, lectureId, payload));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token[(lastDot + 1)..]))) return null;
        if (!long.TryParse(token.AsSpan(0, firstDot), out var expires) || time.GetUtcNow().ToUnixTimeSeconds() >= expires) return null;
        return token[(firstDot + 1)..lastDot];
    }

    private string Signature(string courseId, string lectureId, string payload)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{courseId}\n{lectureId}\n{payload}"));
        return Base64Url.EncodeToString(mac);
    }
}
