using System.Net;
using System.Text.Json;
using static Cooc.Adapters.Tests.Blobs.BlobStoreContract;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>
/// Self-hosting behind nginx (AccelRedirectPrefix): the app still checks every signed URL, then answers with no body
/// and X-Accel-Redirect to the blob's content file, which nginx sends from its internal location.
/// </summary>
public sealed class SignedBlobAccelRedirectTests : IAsyncLifetime
{
    private readonly SignedBlobTestHost _host = new() { AccelRedirectPrefix = "/protected/" };
    private readonly byte[] _bytes = Bytes(1000);
    private Cooc.Ports.BlobInfo _info = null!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _info = await _host.Store.PutAsync("video", "lec/1/seg_00001.ts", new MemoryStream(_bytes), "video/mp2t");
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task A_valid_signed_url_gets_an_empty_answer_that_redirects_nginx_to_the_content_file(string method)
    {
        var response = await _host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method),
            await _host.UrlAsync("lec/1/seg_00001.ts", validFor: TimeSpan.FromMinutes(10))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var redirect = Assert.Single(response.Headers.GetValues("X-Accel-Redirect"));
        Assert.Equal($"/protected/video/lec/1/seg_00001.ts/{_info.ETag}", redirect);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("video/mp2t", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromMinutes(10), response.Headers.CacheControl.MaxAge);
        // What nginx's "location /protected/ { internal; alias {root}/.content/; }" then sends: exactly the blob.
        var file = Path.Join(_host.BlobRoot, ".content", redirect["/protected/".Length..]);
        Assert.Equal(_bytes, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task A_tampered_signature_is_refused_without_a_redirect()
    {
        var url = (await _host.UrlAsync("lec/1/seg_00001.ts")).AbsoluteUri;
        var signature = url[(url.IndexOf("&sig=", StringComparison.Ordinal) + 5)..];
        var tampered = url.Replace(signature, (signature[0] == 'A' ? 'B' : 'A') + signature[1..], StringComparison.Ordinal);

        var response = await _host.Client.GetAsync(tampered);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "does not match");
    }

    [Fact]
    public async Task A_url_signed_for_another_blob_is_refused_without_a_redirect()
    {
        await _host.Store.PutAsync("video", "lec/1/seg_00002.ts", new MemoryStream(_bytes), "video/mp2t");
        var url = (await _host.UrlAsync("lec/1/seg_00002.ts")).AbsoluteUri.Replace("seg_00002", "seg_00001", StringComparison.Ordinal);

        await AssertRefusedAsync(await _host.Client.GetAsync(url), HttpStatusCode.Forbidden, "does not match");
    }

    [Fact]
    public async Task Expired_and_write_only_urls_are_refused_without_a_redirect()
    {
        var expiring = await _host.UrlAsync("lec/1/seg_00001.ts", validFor: TimeSpan.FromMinutes(1));
        var writeOnly = await _host.UrlAsync("lec/1/seg_00001.ts", "w");
        _host.Time.Advance(TimeSpan.FromMinutes(2));

        await AssertRefusedAsync(await _host.Client.GetAsync(expiring), HttpStatusCode.Forbidden, "expired");
        await AssertRefusedAsync(await _host.Client.GetAsync(writeOnly), HttpStatusCode.Forbidden, "does not allow reading");
    }

    [Fact]
    public async Task A_missing_blob_is_a_404_from_the_app_not_a_redirect()
    {
        await AssertRefusedAsync(await _host.Client.GetAsync(await _host.UrlAsync("lec/1/missing.ts")), HttpStatusCode.NotFound, "There is no blob");
    }

    [Fact]
    public async Task Names_that_need_escaping_are_percent_encoded_in_the_redirect()
    {
        const string name = "Cours d'été/Leçon 1 #1.ts";
        var info = await _host.Store.PutAsync("video", name, new MemoryStream(_bytes), "video/mp2t");

        var response = await _host.Client.GetAsync(await _host.UrlAsync(name));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var redirect = Assert.Single(response.Headers.GetValues("X-Accel-Redirect"));
        Assert.Equal($"/protected/video/Cours%20d%27%C3%A9t%C3%A9/Le%C3%A7on%201%20%231.ts/{info.ETag}", redirect);
        Assert.True(File.Exists(Path.Join(_host.BlobRoot, ".content", Uri.UnescapeDataString(redirect["/protected/".Length..]))));
    }

    [Fact]
    public async Task A_blob_written_in_the_single_file_layout_is_streamed_by_the_app()
    {
        var older = _host.CreateStoreOnSameRoot(separateContentFiles: false); // disposed by the host
        await older.PutAsync("video", "lec/0/old.ts", new MemoryStream(_bytes), "video/mp2t");

        var response = await _host.Client.GetAsync(await _host.UrlAsync("lec/0/old.ts"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Accel-Redirect"));
        Assert.Equal(_bytes, await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string detailPart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Accel-Redirect"));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(detailPart, problem.RootElement.GetProperty("detail").GetString());
    }
}
