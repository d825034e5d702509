using Cooc.Embedded.Blobs;
using Microsoft.Extensions.Time.Testing;
using static Cooc.Adapters.Tests.Blobs.BlobStoreContract;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>
/// The separate-content layout (SeparateContentFiles, implied by AccelRedirectPrefix): a header file published by
/// rename that names an immutable content file under .content, which a web server can send as it is.
/// </summary>
public sealed class LocalFileBlobStoreSeparateContentTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    private string ContentFolder(string name) => Path.Join(_folder.BlobRoot, ".content", "video", name);

    [Fact]
    public async Task The_content_file_holds_exactly_the_bytes_and_carries_the_last_modified_time()
    {
        using var store = _folder.CreateStore(_time, separateContentFiles: true);
        var info = await store.PutAsync("video", "lec/1/seg_00001.ts", new MemoryStream(Bytes(5000)), "video/mp2t");

        var contentFile = Path.Join(ContentFolder("lec/1/seg_00001.ts"), info.ETag);
        Assert.Equal(Bytes(5000), await File.ReadAllBytesAsync(contentFile));
        Assert.Equal(info.LastModified.UtcDateTime, File.GetLastWriteTimeUtc(contentFile));
        // The blob file is the header alone.
        Assert.True(new FileInfo(Path.Join(_folder.BlobRoot, "video", "lec", "1", "seg_00001.ts")).Length < 100);
        Assert.Equal(info, await store.GetInfoAsync("video", "lec/1/seg_00001.ts"));
        Assert.Equal([info], await store.ListAsync("video", "lec/"));
    }

    [Fact]
    public async Task Committed_blocks_go_to_a_content_file_too()
    {
        using var store = _folder.CreateStore(_time, separateContentFiles: true);
        await store.StageBlockAsync("video", "big.mp4", BlockId(0), Text("part one, "));
        await store.StageBlockAsync("video", "big.mp4", BlockId(1), Text("part two"));
        var info = await store.CommitBlocksAsync("video", "big.mp4", [BlockId(0), BlockId(1)], "video/mp4");

        Assert.Equal("part one, part two", await File.ReadAllTextAsync(Path.Join(ContentFolder("big.mp4"), info.ETag)));
        Assert.Equal(18, info.Length);
    }

    [Fact]
    public async Task A_replaced_version_is_removed_by_a_later_write_once_no_write_can_be_in_progress_with_it()
    {
        using var store = _folder.CreateStore(_time, separateContentFiles: true);
        var first = await store.PutAsync("video", "a.bin", Text("one"), "text/plain");
        var second = await store.PutAsync("video", "a.bin", Text("two"), "text/plain");
        // Written a moment ago: it could be another writer's, about to be published, so it stays for now.
        Assert.Equal(new[] { first.ETag, second.ETag }.Order(StringComparer.Ordinal), Versions("a.bin"));

        _time.Advance(TimeSpan.FromMinutes(10));
        var third = await store.PutAsync("video", "a.bin", Text("three"), "text/plain");
        Assert.Equal([third.ETag], Versions("a.bin"));
        await using var read = await store.ReadAsync("video", "a.bin");
        Assert.Equal("three", System.Text.Encoding.UTF8.GetString(await ReadAllAsync(read!.Content)));
    }

    [Fact]
    public async Task Delete_removes_the_content_file_and_its_empty_folders()
    {
        using var store = _folder.CreateStore(_time, separateContentFiles: true);
        await store.PutAsync("video", "lec/2/x.ts", Text("x"), "video/mp2t");

        Assert.True(await store.DeleteAsync("video", "lec/2/x.ts"));
        Assert.False(Directory.Exists(Path.Join(_folder.BlobRoot, ".content", "video", "lec")));
        Assert.Null(await store.ReadAsync("video", "lec/2/x.ts"));
    }

    [Fact]
    public async Task A_write_refused_for_a_file_folder_clash_leaves_no_content_file()
    {
        using var store = _folder.CreateStore(_time, separateContentFiles: true);
        var a = await store.PutAsync("video", "a", Text("a"), "text/plain");
        await store.PutAsync("video", "b/y", Text("y"), "text/plain");

        await Assert.ThrowsAsync<BlobNameClashException>(() => store.PutAsync("video", "a/x", Text("x"), "text/plain"));
        await Assert.ThrowsAsync<BlobNameClashException>(() => store.PutAsync("video", "b", Text("b"), "text/plain"));

        Assert.False(Directory.Exists(ContentFolder("a/x")));
        Assert.Equal([a.ETag], Versions("a"));
        Assert.Empty(Directory.EnumerateFiles(ContentFolder("b")));
    }

    [Fact]
    public async Task Either_layout_reads_blobs_written_in_the_other()
    {
        using var single = _folder.CreateStore(_time);
        using var separate = _folder.CreateStore(_time, separateContentFiles: true);
        await single.PutAsync("video", "old.bin", new MemoryStream(Bytes(300)), "application/x-old");
        await separate.PutAsync("video", "new.bin", new MemoryStream(Bytes(400)), "application/x-new");

        foreach (var store in new[] { single, separate })
        {
            await using var old = await store.ReadAsync("video", "old.bin", new Cooc.Ports.BlobRange(100, 50));
            Assert.Equal(Bytes(300).AsSpan(100, 50).ToArray(), await ReadAllAsync(old!.Content));
            await using var fresh = await store.ReadAsync("video", "new.bin", new Cooc.Ports.BlobRange(100, 50));
            Assert.Equal(Bytes(400).AsSpan(100, 50).ToArray(), await ReadAllAsync(fresh!.Content));
            Assert.Equal(400, fresh.Info.Length);
        }
        // Overwriting a single-file blob in the separate layout (and back) keeps one current version.
        await separate.PutAsync("video", "old.bin", Text("now separate"), "text/plain");
        await single.PutAsync("video", "new.bin", Text("now single"), "text/plain");
        await using var a = await single.ReadAsync("video", "old.bin");
        Assert.Equal("now separate", System.Text.Encoding.UTF8.GetString(await ReadAllAsync(a!.Content)));
        await using var b = await separate.ReadAsync("video", "new.bin");
        Assert.Equal("now single", System.Text.Encoding.UTF8.GetString(await ReadAllAsync(b!.Content)));
    }

    [Fact]
    public async Task A_header_whose_content_file_is_gone_is_an_error_not_an_empty_blob()
    {
        using var store = _folder.CreateStore(_time, separateContentFiles: true);
        var info = await store.PutAsync("video", "lost.bin", Text("x"), "text/plain");
        File.Delete(Path.Join(ContentFolder("lost.bin"), info.ETag));

        await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadAsync("video", "lost.bin"));
    }

    [Theory]
    [InlineData("/protected")]
    [InlineData("protected/")]
    [InlineData("/")]
    [InlineData("/pro tected/")]
    [InlineData("/protected?x/")]
    public void An_accel_redirect_prefix_must_be_a_plain_path_with_slashes_at_both_ends(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new LocalFileBlobStoreOptions
        {
            RootPath = _folder.BlobRoot, SigningKey = TempFolder.SigningKey, PublicBaseUrl = "http://localhost", AccelRedirectPrefix = prefix,
        });
    }

    [Fact]
    public void An_empty_accel_redirect_prefix_means_off()
    {
        var options = new LocalFileBlobStoreOptions
        {
            RootPath = _folder.BlobRoot, SigningKey = TempFolder.SigningKey, PublicBaseUrl = "http://localhost", AccelRedirectPrefix = "",
        };
        Assert.Null(options.AccelRedirectPrefix);
    }

    private string[] Versions(string name) =>
        Directory.EnumerateFiles(ContentFolder(name)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose() => _folder.Dispose();
}
