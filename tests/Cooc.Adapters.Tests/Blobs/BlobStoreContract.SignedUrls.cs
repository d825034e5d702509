using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>
/// Signed URLs, used as clients use them: plain HTTP in Azure Blob's wire shape (GET with Range; Put Block, Get Block
/// List and Put Block List). Expiry is set in the past rather than waited for, so the service's own clock decides.
/// </summary>
public abstract partial class BlobStoreContract
{
    /// <summary>A client that reaches the store's signed URLs: a plain HttpClient for Azure, the test server for the local store.</summary>
    protected abstract HttpClient SignedUrlClient { get; }

    private static DateTimeOffset InTenMinutes => DateTimeOffset.UtcNow.AddMinutes(10);

    [Fact]
    public async Task A_signed_read_url_serves_the_bytes_and_206_for_a_range()
    {
        var store = CreateStore();
        var bytes = Bytes(1000);
        var name = Named("Cours d'été/Leçon 1 – #intro? ✓ 100%.mp4");
        var put = await store.PutAsync(Container, name, new MemoryStream(bytes), "video/mp4");
        var url = await store.GetSignedUrlAsync(Container, name, BlobPermissions.Read, InTenMinutes);

        var whole = await SignedUrlClient.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal("video/mp4", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{put.ETag}\"", whole.Headers.ETag?.Tag);

        var ranged = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(100, 199) } };
        var part = await SignedUrlClient.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes.AsSpan(100, 100).ToArray(), await part.Content.ReadAsByteArrayAsync());
        Assert.Equal(new ContentRangeHeaderValue(100, 199, 1000), part.Content.Headers.ContentRange);
    }

    [Fact]
    public async Task A_read_only_url_refuses_writes_and_a_write_only_url_refuses_reads()
    {
        var store = CreateStore();
        var before = await store.PutAsync(Container, Named("a.txt"), Text("original"), "text/plain");
        var readOnly = (await store.GetSignedUrlAsync(Container, Named("a.txt"), BlobPermissions.Read, InTenMinutes)).AbsoluteUri;
        var writeOnly = (await store.GetSignedUrlAsync(Container, Named("a.txt"), BlobPermissions.Write, InTenMinutes)).AbsoluteUri;

        Assert.Equal(HttpStatusCode.Forbidden, (await PutOverHttpAsync(readOnly, "replaced", ("x-ms-blob-type", "BlockBlob"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutOverHttpAsync($"{readOnly}&comp=block&blockid={Uri.EscapeDataString(BlockId(0))}", "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SignedUrlClient.GetAsync(writeOnly)).StatusCode);
        Assert.Equal(before, await store.GetInfoAsync(Container, Named("a.txt")));
        Assert.Empty(await store.ListStagedBlocksAsync(Container, Named("a.txt")));
    }

    [Fact]
    public async Task An_expired_or_tampered_url_is_refused()
    {
        var store = CreateStore();
        await store.PutAsync(Container, Named("a.txt"), Text("secret"), "text/plain");
        await store.PutAsync(Container, Named("b.txt"), Text("other"), "text/plain");
        var expired = await store.GetSignedUrlAsync(Container, Named("a.txt"), BlobPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(-10));
        var valid = (await store.GetSignedUrlAsync(Container, Named("a.txt"), BlobPermissions.Read, InTenMinutes)).AbsoluteUri;
        var sigAt = valid.IndexOf("sig=", StringComparison.Ordinal) + 4;
        var tampered = valid[..sigAt] + (valid[sigAt] == 'A' ? 'B' : 'A') + valid[(sigAt + 1)..];
        var otherBlob = valid.Replace("/a.txt?", "/b.txt?", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await SignedUrlClient.GetAsync(valid)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SignedUrlClient.GetAsync(expired)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SignedUrlClient.GetAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SignedUrlClient.GetAsync(otherBlob)).StatusCode);
    }

    [Fact]
    public async Task A_signed_write_url_takes_a_staged_block_upload_that_can_be_resumed_then_committed()
    {
        var store = CreateStore();
        var name = Named("uploads/lecture 1.mp4");
        var url = (await store.GetSignedUrlAsync(Container, name, BlobPermissions.Read | BlobPermissions.Write, InTenMinutes)).AbsoluteUri;
        foreach (var (index, text) in new[] { (0, "first "), (1, "second "), (2, "unused") })
            Assert.Equal(HttpStatusCode.Created,
                (await PutOverHttpAsync($"{url}&comp=block&blockid={Uri.EscapeDataString(BlockId(index))}", text)).StatusCode);

        // Resuming: the client asks which blocks are already there.
        var listed = await SignedUrlClient.GetAsync($"{url}&comp=blocklist&blocklisttype=uncommitted");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var blocks = XElement.Parse(await listed.Content.ReadAsStringAsync()).Element("UncommittedBlocks")!.Elements("Block")
            .Select(b => (b.Element("Name")!.Value, long.Parse(b.Element("Size")!.Value)));
        Assert.Equal([(BlockId(0), 6L), (BlockId(1), 7L), (BlockId(2), 6L)], blocks.OrderBy(b => b.Value, StringComparer.Ordinal));

        var blockList = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>{BlockId(1)}</Latest><Latest>{BlockId(0)}</Latest></BlockList>";
        var commit = await PutOverHttpAsync($"{url}&comp=blocklist", blockList, ("x-ms-blob-content-type", "video/mp4"));
        Assert.Equal(HttpStatusCode.Created, commit.StatusCode);

        var info = await store.GetInfoAsync(Container, name);
        Assert.Equal(("video/mp4", 13L), (info!.ContentType, info.Length));
        Assert.Equal($"\"{info.ETag}\"", commit.Headers.ETag?.Tag);
        await using var read = await store.ReadAsync(Container, name);
        Assert.Equal("second first ", Encoding.UTF8.GetString(await ReadAllAsync(read!.Content)));
        Assert.Empty(await store.ListStagedBlocksAsync(Container, name));
    }

    [Fact]
    public async Task A_signed_write_url_takes_a_whole_blob_put_with_its_content_type()
    {
        var store = CreateStore();
        var url = (await store.GetSignedUrlAsync(Container, Named("whole.txt"), BlobPermissions.Write, InTenMinutes)).AbsoluteUri;

        var created = await PutOverHttpAsync(url, "whole text", ("x-ms-blob-type", "BlockBlob"), ("x-ms-blob-content-type", "text/markdown"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var info = await store.GetInfoAsync(Container, Named("whole.txt"));
        Assert.Equal(("text/markdown", 10L), (info!.ContentType, info.Length));
    }

    private Task<HttpResponseMessage> PutOverHttpAsync(string url, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = null;
        foreach (var (header, value) in headers)
            request.Headers.TryAddWithoutValidation(header, value);
        return SignedUrlClient.SendAsync(request);
    }
}
