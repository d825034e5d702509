using System.Text;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>
/// What every IBlobStore adapter must do. Each test works under its own random folder of the video container,
/// so the suite also runs against a shared, non-empty store (Azurite).
/// </summary>
public abstract partial class BlobStoreContract
{
    private const string Container = BlobContainers.Video;
    private readonly string _folder = Guid.NewGuid().ToString("N") + "/";

    /// <summary>A new adapter instance; it does not have to be empty.</summary>
    protected abstract IBlobStore CreateStore();

    private string Named(string name) => _folder + name;

    [Fact]
    public async Task Put_then_read_round_trips_bytes_content_type_and_etag()
    {
        var store = CreateStore();
        var bytes = Bytes(1000);
        var put = await store.PutAsync(Container, Named("a.mp4"), new MemoryStream(bytes), "video/mp4");

        Assert.Equal(1000, put.Length);
        Assert.Equal("video/mp4", put.ContentType);
        Assert.False(string.IsNullOrEmpty(put.ETag));
        await using var read = await store.ReadAsync(Container, Named("a.mp4"));
        Assert.NotNull(read);
        Assert.Equal(bytes, await ReadAllAsync(read.Content));
        Assert.Equal(put, read.Info);
        Assert.Equal(put, await store.GetInfoAsync(Container, Named("a.mp4")));
    }

    [Fact]
    public async Task Missing_blob_reads_as_null()
    {
        var store = CreateStore();
        Assert.Null(await store.ReadAsync(Container, Named("missing.bin")));
        Assert.Null(await store.GetInfoAsync(Container, Named("missing.bin")));
    }

    [Fact]
    public async Task Empty_blob_round_trips()
    {
        var store = CreateStore();
        var put = await store.PutAsync(Container, Named("empty.txt"), new MemoryStream(), "text/plain");

        Assert.Equal(0, put.Length);
        await using var read = await store.ReadAsync(Container, Named("empty.txt"));
        Assert.Empty(await ReadAllAsync(read!.Content));
    }

    [Fact]
    public async Task Overwrite_replaces_content_and_changes_etag()
    {
        var store = CreateStore();
        var first = await store.PutAsync(Container, Named("a.txt"), Text("first"), "text/plain");
        var second = await store.PutAsync(Container, Named("a.txt"), Text("second version"), "text/markdown");

        Assert.NotEqual(first.ETag, second.ETag);
        await using var read = await store.ReadAsync(Container, Named("a.txt"));
        Assert.Equal("second version", Encoding.UTF8.GetString(await ReadAllAsync(read!.Content)));
        Assert.Equal("text/markdown", read.Info.ContentType);
        Assert.Equal(second.ETag, read.Info.ETag);
    }

    [Theory]
    [InlineData(10, 20L, 10, 20)]     // inside
    [InlineData(990, null, 990, 10)]  // to the end
    [InlineData(995, 100L, 995, 5)]   // cut at the end
    public async Task Ranged_read_returns_just_the_range_and_whole_blob_info(long offset, long? length, int expectedStart, int expectedLength)
    {
        var store = CreateStore();
        var bytes = Bytes(1000);
        var put = await store.PutAsync(Container, Named("r.bin"), new MemoryStream(bytes), "application/octet-stream");

        await using var read = await store.ReadAsync(Container, Named("r.bin"), new BlobRange(offset, length));
        Assert.Equal(bytes.AsSpan(expectedStart, expectedLength).ToArray(), await ReadAllAsync(read!.Content));
        Assert.Equal(put, read.Info);
    }

    [Fact]
    public async Task List_by_prefix_is_recursive_sorted_and_leaves_out_other_names()
    {
        var store = CreateStore();
        foreach (var name in new[] { "lec/2/hls/b.ts", "lec/1/source.mp4", "lec/2/hls/a.ts", "lecture.txt", "other/x.bin" })
            await store.PutAsync(Container, Named(name), Text(name), "text/plain");

        var underLec = await store.ListAsync(Container, Named("lec/"));
        Assert.Equal([Named("lec/1/source.mp4"), Named("lec/2/hls/a.ts"), Named("lec/2/hls/b.ts")], underLec.Select(b => b.Name));
        Assert.All(underLec, b => Assert.Equal(Container, b.Container));
        Assert.Equal("lec/2/hls/a.ts".Length, underLec[1].Length); // the content is the short name

        var partial = await store.ListAsync(Container, Named("lec"));
        Assert.Equal(4, partial.Count); // a prefix may end inside a name: "lec" matches "lecture.txt" too
        Assert.Empty(await store.ListAsync(Container, Named("nothing/")));
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_says_whether_there_was_one()
    {
        var store = CreateStore();
        await store.PutAsync(Container, Named("d/x.txt"), Text("x"), "text/plain");

        Assert.True(await store.DeleteAsync(Container, Named("d/x.txt")));
        Assert.Null(await store.GetInfoAsync(Container, Named("d/x.txt")));
        Assert.False(await store.DeleteAsync(Container, Named("d/x.txt")));
        Assert.Empty(await store.ListAsync(Container, Named("d/")));
    }

    [Fact]
    public async Task Staged_blocks_are_listed_with_sizes_and_restaging_replaces_one()
    {
        var store = CreateStore();
        var name = Named("upload.mp4");
        await store.StageBlockAsync(Container, name, BlockId(0), new MemoryStream(Bytes(100)));
        await store.StageBlockAsync(Container, name, BlockId(1), new MemoryStream(Bytes(200)));
        await store.StageBlockAsync(Container, name, BlockId(2), new MemoryStream(Bytes(300)));
        await store.StageBlockAsync(Container, name, BlockId(1), new MemoryStream(Bytes(250)));

        var staged = await store.ListStagedBlocksAsync(Container, name);
        Assert.Equal(
            [new StagedBlock(BlockId(0), 100), new StagedBlock(BlockId(1), 250), new StagedBlock(BlockId(2), 300)],
            staged.OrderBy(b => b.BlockId, StringComparer.Ordinal));
        Assert.Null(await store.GetInfoAsync(Container, name)); // nothing visible before the commit
    }

    [Fact]
    public async Task Commit_concatenates_the_listed_blocks_in_order_and_discards_the_others()
    {
        var store = CreateStore();
        var name = Named("upload.mp4");
        await store.StageBlockAsync(Container, name, BlockId(0), Text("zero-"));
        await store.StageBlockAsync(Container, name, BlockId(1), Text("one-"));
        await store.StageBlockAsync(Container, name, BlockId(2), Text("two-"));

        var info = await store.CommitBlocksAsync(Container, name, [BlockId(2), BlockId(0)], "video/mp4");

        Assert.Equal("two-zero-".Length, info.Length);
        Assert.Equal("video/mp4", info.ContentType);
        await using var read = await store.ReadAsync(Container, name);
        Assert.Equal("two-zero-", Encoding.UTF8.GetString(await ReadAllAsync(read!.Content)));
        Assert.Equal(info, read.Info);
        Assert.Empty(await store.ListStagedBlocksAsync(Container, name));
    }

    [Fact]
    public async Task Commit_of_a_block_that_was_not_staged_fails_and_changes_nothing()
    {
        var store = CreateStore();
        var name = Named("upload.mp4");
        var before = await store.PutAsync(Container, name, Text("old"), "text/plain");
        await store.StageBlockAsync(Container, name, BlockId(0), Text("zero"));

        await Assert.ThrowsAnyAsync<InvalidOperationException>(
            () => store.CommitBlocksAsync(Container, name, [BlockId(0), BlockId(7)], "video/mp4"));

        Assert.Equal(before, await store.GetInfoAsync(Container, name));
    }

    [Fact]
    public async Task A_put_whose_source_fails_midway_leaves_the_previous_content()
    {
        var store = CreateStore();
        var before = await store.PutAsync(Container, Named("a.bin"), new MemoryStream(Bytes(500)), "application/octet-stream");

        await Assert.ThrowsAsync<IOException>(
            () => store.PutAsync(Container, Named("a.bin"), new FailingStream(Bytes(300_000), failAfter: 200_000), "text/plain"));
        await Assert.ThrowsAsync<IOException>(
            () => store.PutAsync(Container, Named("new.bin"), new FailingStream(Bytes(300_000), failAfter: 200_000), "text/plain"));

        await using var read = await store.ReadAsync(Container, Named("a.bin"));
        Assert.Equal(before, read!.Info);
        Assert.Equal(Bytes(500), await ReadAllAsync(read.Content));
        Assert.Null(await store.GetInfoAsync(Container, Named("new.bin")));
    }

    [Fact]
    public async Task Names_with_spaces_and_unicode_work()
    {
        var store = CreateStore();
        var name = Named("Cours d'été/Leçon 1 – intro ✓ 日本.mp4");
        await store.PutAsync(Container, name, Text("bonjour"), "video/mp4");

        Assert.Equal([name], (await store.ListAsync(Container, Named("Cours d'été/"))).Select(b => b.Name));
        await using var read = await store.ReadAsync(Container, name);
        Assert.Equal("bonjour", Encoding.UTF8.GetString(await ReadAllAsync(read!.Content)));
        Assert.True(await store.DeleteAsync(Container, name));
    }

    internal static string BlockId(int index) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{index:D6}"));

    internal static byte[] Bytes(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 7 % 251)).ToArray();

    internal static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
