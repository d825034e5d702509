using Cooc.Ports;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>
/// Edges where adapters could drift apart (Azure's service rules against the local store's): names, block ids,
/// content types, ranges at and past the end, commits of blocks that are not staged, sources without a length.
/// Not here: "Put Blob discards staged blocks", true of Azure and the local store but not of Azurite 3.37
/// (see AzureBlobStoreTests).
/// </summary>
public abstract partial class BlobStoreContract
{
    [Theory]
    [InlineData("video", "")]
    [InlineData("video", "/etc/passwd")]
    [InlineData("video", "../secret.txt")]
    [InlineData("video", "a/../../secret.txt")]
    [InlineData("video", "a/./b")]
    [InlineData("video", "a//b")]
    [InlineData("video", "trailing/")]
    [InlineData("video", "..\\secret.txt")]
    [InlineData("video", "line\nbreak")]
    [InlineData("Video", "a.txt")]
    [InlineData("ab", "a.txt")]
    [InlineData("vi--deo", "a.txt")]
    public async Task Invalid_containers_and_names_are_rejected_with_an_argument_exception(string container, string name)
    {
        var store = CreateStore();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.PutAsync(container, name, Text("x"), "text/plain"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadAsync(container, name));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.StageBlockAsync(container, name, BlockId(0), Text("x")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.DeleteAsync(container, name));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetSignedUrlAsync(container, name, BlobPermissions.Read, DateTimeOffset.UtcNow).AsTask());
    }

    [Fact]
    public async Task A_signed_url_needs_read_or_write()
    {
        var store = CreateStore();
        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => store.GetSignedUrlAsync(Container, Named("a.txt"), 0, DateTimeOffset.UtcNow.AddMinutes(5)).AsTask());
    }

    [Fact]
    public async Task A_range_at_the_end_reads_nothing_and_one_past_it_throws()
    {
        var store = CreateStore();
        await store.PutAsync(Container, Named("r.bin"), new MemoryStream(Bytes(10)), "");
        await store.PutAsync(Container, Named("empty.bin"), new MemoryStream(), "");

        await using (var atEnd = await store.ReadAsync(Container, Named("r.bin"), new BlobRange(10)))
            Assert.Equal((0, 10L), ((await ReadAllAsync(atEnd!.Content)).Length, atEnd.Info.Length));
        await using (var none = await store.ReadAsync(Container, Named("r.bin"), new BlobRange(3, 0)))
            Assert.Empty(await ReadAllAsync(none!.Content));
        await using (var ofEmpty = await store.ReadAsync(Container, Named("empty.bin"), new BlobRange(0, 5)))
            Assert.Empty(await ReadAllAsync(ofEmpty!.Content));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadAsync(Container, Named("r.bin"), new BlobRange(11)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadAsync(Container, Named("r.bin"), new BlobRange(-1)));
        Assert.Null(await store.ReadAsync(Container, Named("missing.bin"), new BlobRange(5)));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")]
    [InlineData("QUFB=")]
    public async Task Invalid_block_ids_are_rejected(string blockId)
    {
        var store = CreateStore();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.StageBlockAsync(Container, Named("u.mp4"), blockId, Text("x")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CommitBlocksAsync(Container, Named("u.mp4"), [blockId], ""));
    }

    [Fact]
    public async Task Block_ids_decode_to_at_most_64_bytes_and_all_have_one_length_per_blob()
    {
        var store = CreateStore();
        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => store.StageBlockAsync(Container, Named("u.mp4"), Convert.ToBase64String(new byte[65]), Text("x")));
        await store.StageBlockAsync(Container, Named("u.mp4"), Convert.ToBase64String(new byte[64]), Text("x"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.StageBlockAsync(Container, Named("u.mp4"), "AAAA", Text("x")));
    }

    [Fact]
    public async Task A_block_is_committed_once_then_it_is_no_longer_staged()
    {
        var store = CreateStore();
        var name = Named("upload.mp4");
        await store.StageBlockAsync(Container, name, BlockId(0), Text("zero"));
        var first = await store.CommitBlocksAsync(Container, name, [BlockId(0)], "video/mp4");

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => store.CommitBlocksAsync(Container, name, [BlockId(0)], "video/mp4"));
        Assert.Equal(first, await store.GetInfoAsync(Container, name));
    }

    [Fact]
    public async Task Invalid_content_types_are_rejected_and_empty_means_octet_stream()
    {
        var store = CreateStore();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.PutAsync(Container, Named("a"), Text("x"), "text/plain\r\nX-Evil: 1"));
        Assert.Equal("application/octet-stream", (await store.PutAsync(Container, Named("a"), Text("x"), "")).ContentType);
        Assert.Equal("application/octet-stream", (await store.GetInfoAsync(Container, Named("a")))!.ContentType);
    }

    [Fact]
    public async Task Puts_and_blocks_from_forward_only_sources_get_their_lengths()
    {
        // A request body, say: no Length, no Seek. (A FailingStream that never fails is just forward-only.)
        var store = CreateStore();
        var put = await store.PutAsync(Container, Named("body.bin"), new FailingStream(Bytes(3000), int.MaxValue), "");
        await store.StageBlockAsync(Container, Named("blocks.bin"), BlockId(0), new FailingStream(Bytes(700), int.MaxValue));

        Assert.Equal(3000, put.Length);
        Assert.Equal(put, await store.GetInfoAsync(Container, Named("body.bin")));
        Assert.Equal([new StagedBlock(BlockId(0), 700)], await store.ListStagedBlocksAsync(Container, Named("blocks.bin")));
    }

    [Fact]
    public async Task Puts_and_blocks_from_seekable_sources_start_at_their_position()
    {
        var store = CreateStore();

        var put = await store.PutAsync(Container, Named("tail.bin"), new MemoryStream(Bytes(100)) { Position = 40 }, "");
        await store.StageBlockAsync(Container, Named("blocks.bin"), BlockId(0), new MemoryStream(Bytes(100)) { Position = 90 });
        var committed = await store.CommitBlocksAsync(Container, Named("blocks.bin"), [BlockId(0)], "");

        Assert.Equal((60, 10L), (put.Length, committed.Length));
        await using var read = await store.ReadAsync(Container, Named("tail.bin"));
        Assert.Equal(Bytes(100)[40..], await ReadAllAsync(read!.Content));
        await using var readBlocks = await store.ReadAsync(Container, Named("blocks.bin"));
        Assert.Equal(Bytes(100)[90..], await ReadAllAsync(readBlocks!.Content));
    }
}
