using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static Cooc.Adapters.Tests.Blobs.BlobStoreContract;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>GET/HEAD through signed URLs: headers, ranges, conditional requests, and every way to be refused.</summary>
public sealed class SignedBlobReadEndpointTests : IAsyncLifetime
{
    private readonly SignedBlobTestHost _host = new();
    private readonly byte[] _bytes = Bytes(1000);
    private Cooc.Ports.BlobInfo _info = null!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _info = await _host.Store.PutAsync("video", "lec/1/source.mp4", new MemoryStream(_bytes), "video/mp4");
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Get_streams_the_blob_with_caching_headers()
    {
        var response = await _host.Client.GetAsync(await _host.UrlAsync("lec/1/source.mp4", validFor: TimeSpan.FromMinutes(10)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1000, response.Content.Headers.ContentLength);
        Assert.Equal($"\"{_info.ETag}\"", response.Headers.ETag?.Tag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal(_info.LastModified.AddTicks(-(_info.LastModified.Ticks % TimeSpan.TicksPerSecond)), response.Content.Headers.LastModified);
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromMinutes(10), response.Headers.CacheControl.MaxAge);
    }

    [Fact]
    public async Task Signed_urls_have_the_documented_shape_and_are_stable_for_one_expiry()
    {
        var expires = _host.Time.GetUtcNow().AddMinutes(10);
        var url = await _host.Store.GetSignedUrlAsync("video", "lec/1/source.mp4", Cooc.Ports.BlobPermissions.Read | Cooc.Ports.BlobPermissions.Write, expires);

        Assert.Matches($@"^http://localhost/blobs/video/lec/1/source\.mp4\?se={expires.ToUnixTimeSeconds()}&sp=rw&sig=[A-Za-z0-9_-]{{43}}$", url.AbsoluteUri);
        // Same blob, same expiry bucket, same URL: a CDN keeps one cache entry per bucket.
        Assert.Equal(url, await _host.Store.GetSignedUrlAsync("video", "lec/1/source.mp4", Cooc.Ports.BlobPermissions.Read | Cooc.Ports.BlobPermissions.Write, expires));
        await Assert.ThrowsAsync<ArgumentException>(() => _host.Store.GetSignedUrlAsync("video", "lec/1/source.mp4", 0, expires).AsTask());
    }

    [Fact]
    public async Task Head_gives_the_headers_without_a_body()
    {
        var response = await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, await _host.UrlAsync("lec/1/source.mp4")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, response.Content.Headers.ContentLength);
        Assert.Equal($"\"{_info.ETag}\"", response.Headers.ETag?.Tag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(100L, 199L, 100, 100)] // bytes=100-199
    [InlineData(990L, null, 990, 10)]  // bytes=990-
    [InlineData(null, 5L, 995, 5)]     // bytes=-5 (the last five)
    [InlineData(900L, 5000L, 900, 100)] // cut at the end
    public async Task A_range_request_gets_206_with_just_those_bytes(long? from, long? to, int start, int length)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, await _host.UrlAsync("lec/1/source.mp4"));
        request.Headers.Range = new RangeHeaderValue(from, to);
        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(_bytes.AsSpan(start, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(new ContentRangeHeaderValue(start, start + length - 1, 1000), response.Content.Headers.ContentRange);
    }

    [Fact]
    public async Task A_range_past_the_end_gets_416_with_the_length()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, await _host.UrlAsync("lec/1/source.mp4"));
        request.Headers.Range = new RangeHeaderValue(1000, null);
        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */1000", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_gets_304_and_a_stale_one_gets_the_body()
    {
        var current = new HttpRequestMessage(HttpMethod.Get, await _host.UrlAsync("lec/1/source.mp4"));
        current.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{_info.ETag}\""));
        var stale = new HttpRequestMessage(HttpMethod.Get, await _host.UrlAsync("lec/1/source.mp4"));
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0xOLD\""));

        var notModified = await _host.Client.SendAsync(current);
        var full = await _host.Client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(1000, (await full.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task A_tampered_signature_is_refused_with_a_problem()
    {
        var url = (await _host.UrlAsync("lec/1/source.mp4")).AbsoluteUri;
        var sig = url[(url.IndexOf("&sig=", StringComparison.Ordinal) + 5)..];
        var tampered = url.Replace(sig, (sig[0] == 'A' ? 'B' : 'A') + sig[1..], StringComparison.Ordinal);

        await AssertForbiddenAsync(await _host.Client.GetAsync(tampered), "signature does not match");
    }

    [Theory]
    [InlineData("last")]  // a valid character whose unused low bits are set: not canonical base64url
    [InlineData("star")]  // a character outside the alphabet
    [InlineData("long")]
    [InlineData("short")]
    [InlineData("padded")]
    public async Task A_signature_that_is_not_base64url_of_a_mac_is_refused_not_an_error(string malformation)
    {
        var url = (await _host.UrlAsync("lec/1/source.mp4")).AbsoluteUri;
        var sig = url[(url.IndexOf("&sig=", StringComparison.Ordinal) + 5)..];
        var bad = malformation switch
        {
            "last" => sig[..^1] + (sig[^1] == 'X' ? 'Y' : 'X'),
            "star" => "*" + sig[1..],
            "long" => sig + "AAAA",
            "short" => sig[..^4],
            _ => sig + "=",
        };

        await AssertForbiddenAsync(await _host.Client.GetAsync(url.Replace(sig, bad, StringComparison.Ordinal)), "signature does not match");
    }

    [Theory]
    [InlineData("lec/1/source.mp4", "lec/1/other.mp4")]
    [InlineData("lec/1/source.mp4", "lec/2/source.mp4")]
    [InlineData("lec/1/source.mp4", "lec/1/source.mp4x")]
    public async Task A_signature_for_one_name_does_not_open_another(string signedName, string requestedName)
    {
        var url = (await _host.UrlAsync(signedName)).AbsoluteUri.Replace(signedName, requestedName, StringComparison.Ordinal);
        await AssertForbiddenAsync(await _host.Client.GetAsync(url), "signature does not match");
    }

    [Fact]
    public async Task Changing_the_expiry_or_the_permissions_breaks_the_signature()
    {
        var url = (await _host.UrlAsync("lec/1/source.mp4", "w")).AbsoluteUri;
        var se = _host.Time.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();

        await AssertForbiddenAsync(await _host.Client.GetAsync(url.Replace("sp=w", "sp=r")), "signature does not match");
        await AssertForbiddenAsync(await _host.Client.GetAsync(url.Replace($"se={se}", $"se={se + 3600}")), "signature does not match");
    }

    [Fact]
    public async Task An_expired_url_is_refused()
    {
        var url = await _host.UrlAsync("lec/1/source.mp4", validFor: TimeSpan.FromMinutes(5));
        _host.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync(url)).StatusCode); // valid through its last second
        _host.Time.Advance(TimeSpan.FromSeconds(1));

        await AssertForbiddenAsync(await _host.Client.GetAsync(url), "expired");
    }

    [Fact]
    public async Task A_write_only_url_cannot_read()
    {
        await AssertForbiddenAsync(await _host.Client.GetAsync(await _host.UrlAsync("lec/1/source.mp4", "w")), "does not allow reading");
    }

    [Fact]
    public async Task An_unsigned_url_is_refused()
    {
        await AssertForbiddenAsync(await _host.Client.GetAsync("/blobs/video/lec/1/source.mp4"), "not signed");
    }

    [Fact]
    public async Task A_missing_blob_is_a_404_problem()
    {
        var response = await _host.Client.GetAsync(await _host.UrlAsync("lec/9/nothing.mp4"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Names_with_spaces_and_unicode_are_served()
    {
        const string name = "Cours d'été/Leçon 1 – #intro? ✓ 100%.mp4";
        await _host.Store.PutAsync("video", name, new MemoryStream(_bytes), "video/mp4");

        var url = await _host.UrlAsync(name);
        Assert.Contains("/Cours%20d%27%C3%A9t%C3%A9/Le%C3%A7on%201%20%E2%80%93%20%23intro%3F%20%E2%9C%93%20100%25.mp4?", url.AbsoluteUri);
        var response = await _host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_bytes, await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task AssertForbiddenAsync(HttpResponseMessage response, string detailPart)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detailPart, problem.RootElement.GetProperty("detail").GetString());
    }
}
