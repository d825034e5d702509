using System.Net;
using System.Text;
using System.Xml.Linq;
using static Cooc.Adapters.Tests.Blobs.BlobStoreContract;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>Uploads through signed URLs in Azure Blob's wire shape: Put Block, Get Block List, Put Block List, Put Blob.</summary>
public sealed class SignedBlobUploadEndpointTests : IAsyncLifetime
{
    private readonly SignedBlobTestHost _host = new() { MaxPutBodyBytes = 64 * 1024 };

    public Task InitializeAsync() => _host.InitializeAsync();
    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Blocks_staged_over_http_can_be_listed_to_resume_then_committed()
    {
        var url = (await _host.UrlAsync("uploads/lecture 1.mp4", "rw")).AbsoluteUri;
        foreach (var (index, text) in new[] { (0, "first "), (1, "second "), (2, "unused") })
            Assert.Equal(HttpStatusCode.Created, (await PutAsync($"{url}&comp=block&blockid={Uri.EscapeDataString(BlockId(index))}", text)).StatusCode);

        var listed = await _host.Client.GetAsync($"{url}&comp=blocklist&blocklisttype=uncommitted");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("application/xml", listed.Content.Headers.ContentType?.MediaType);
        var blocks = XElement.Parse(await listed.Content.ReadAsStringAsync()).Element("UncommittedBlocks")!.Elements("Block")
            .Select(b => (b.Element("Name")!.Value, long.Parse(b.Element("Size")!.Value)));
        Assert.Equal([(BlockId(0), 6L), (BlockId(1), 7L), (BlockId(2), 6L)], blocks);

        var blockList = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>{BlockId(1)}</Latest><Latest>{BlockId(0)}</Latest></BlockList>";
        var commit = await PutAsync($"{url}&comp=blocklist", blockList, ("x-ms-blob-content-type", "video/mp4"));
        Assert.Equal(HttpStatusCode.Created, commit.StatusCode);
        var info = await _host.Store.GetInfoAsync("video", "uploads/lecture 1.mp4");
        Assert.Equal($"\"{info!.ETag}\"", commit.Headers.ETag?.Tag);

        var read = await _host.Client.GetAsync(url);
        Assert.Equal("second first ", await read.Content.ReadAsStringAsync());
        Assert.Equal("video/mp4", read.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await _host.Store.ListStagedBlocksAsync("video", "uploads/lecture 1.mp4"));
    }

    [Fact]
    public async Task Get_block_list_of_a_blob_with_nothing_staged_or_stored_is_404()
    {
        var response = await _host.Client.GetAsync((await _host.UrlAsync("uploads/none.mp4", "rw")).AbsoluteUri + "&comp=blocklist&blocklisttype=uncommitted");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Committing_a_block_that_was_never_staged_is_a_400()
    {
        var url = (await _host.UrlAsync("uploads/x.mp4", "w")).AbsoluteUri;
        await PutAsync($"{url}&comp=block&blockid={Uri.EscapeDataString(BlockId(0))}", "zero");

        var commit = await PutAsync($"{url}&comp=blocklist", $"<BlockList><Latest>{BlockId(0)}</Latest><Latest>{BlockId(5)}</Latest></BlockList>");

        Assert.Equal(HttpStatusCode.BadRequest, commit.StatusCode);
        Assert.Contains(BlockId(5), await commit.Content.ReadAsStringAsync());
        Assert.Null(await _host.Store.GetInfoAsync("video", "uploads/x.mp4"));
    }

    [Theory]
    [InlineData("not xml")]
    [InlineData("<Other/>")]
    [InlineData("<BlockList><Committed>QQ==</Committed></BlockList>")]
    [InlineData("<!DOCTYPE BlockList [<!ENTITY x \"y\">]><BlockList><Latest>&x;</Latest></BlockList>")]
    public async Task A_malformed_block_list_is_a_400(string body)
    {
        var response = await PutAsync((await _host.UrlAsync("uploads/x.mp4", "w")).AbsoluteUri + "&comp=blocklist", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_whole_blob_put_needs_the_azure_blob_type_header()
    {
        var url = (await _host.UrlAsync("uploads/whole.txt", "w")).AbsoluteUri;

        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(url, "text")).StatusCode);
        var created = await PutAsync(url, "whole text", ("x-ms-blob-type", "BlockBlob"), ("x-ms-blob-content-type", "text/markdown"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var info = await _host.Store.GetInfoAsync("video", "uploads/whole.txt");
        Assert.Equal(("text/markdown", 10L), (info!.ContentType, info.Length));
    }

    [Fact]
    public async Task A_read_only_url_cannot_write_and_a_write_only_url_cannot_list_blocks()
    {
        var readOnly = (await _host.UrlAsync("uploads/x.mp4", "r")).AbsoluteUri;
        var writeOnly = (await _host.UrlAsync("uploads/x.mp4", "w")).AbsoluteUri;
        await PutAsync($"{writeOnly}&comp=block&blockid={Uri.EscapeDataString(BlockId(0))}", "zero");

        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(readOnly, "x", ("x-ms-blob-type", "BlockBlob"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync($"{readOnly}&comp=block&blockid={Uri.EscapeDataString(BlockId(1))}", "x")).StatusCode);
        // As with Azure SAS: Get Block List is a read, so a resumable upload URL must be signed rw.
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Client.GetAsync($"{writeOnly}&comp=blocklist&blocklisttype=uncommitted")).StatusCode);
        Assert.Single(await _host.Store.ListStagedBlocksAsync("video", "uploads/x.mp4"));
    }

    [Fact]
    public async Task A_put_with_a_tampered_signature_changes_nothing()
    {
        var url = (await _host.UrlAsync("uploads/x.mp4", "w")).AbsoluteUri.Replace("uploads/x.mp4", "uploads/y.mp4", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(url, "x", ("x-ms-blob-type", "BlockBlob"))).StatusCode);
        Assert.Empty(await _host.Store.ListAsync("video", ""));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_and_stores_nothing()
    {
        var url = (await _host.UrlAsync("uploads/big.bin", "w")).AbsoluteUri;
        var tooBig = new ByteArrayContent(new byte[64 * 1024 + 1]);
        var request = new HttpRequestMessage(HttpMethod.Put, $"{url}&comp=block&blockid={Uri.EscapeDataString(BlockId(0))}") { Content = tooBig };

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _host.Client.SendAsync(request)).StatusCode);
        Assert.Empty(await _host.Store.ListStagedBlocksAsync("video", "uploads/big.bin"));
    }

    [Fact]
    public async Task A_bad_block_id_is_a_400()
    {
        var url = (await _host.UrlAsync("uploads/x.mp4", "w")).AbsoluteUri;
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync($"{url}&comp=block&blockid=not%20base64!", "x")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync($"{url}&comp=block", "x")).StatusCode);
    }

    private Task<HttpResponseMessage> PutAsync(string url, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = null;
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return _host.Client.SendAsync(request);
    }
}
