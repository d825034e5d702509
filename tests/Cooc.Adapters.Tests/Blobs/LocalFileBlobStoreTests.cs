using Cooc.Embedded.Blobs;
using Cooc.Ports;
using static Cooc.Adapters.Tests.Blobs.BlobStoreContract;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>Local-store rules beyond the contract: name validation, the file/folder clash, ranges, block ids.</summary>
public sealed class LocalFileBlobStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LocalFileBlobStore _store;

    public LocalFileBlobStoreTests() => _store = _folder.CreateStore();

    [Theory]
    [InlineData("ab")]
    [InlineData("Video")]
    [InlineData("-video")]
    [InlineData("video-")]
    [InlineData("vi--deo")]
    [InlineData(".staging")]
    [InlineData("..")]
    [InlineData("../video")]
    [InlineData("vid/eo")]
    public async Task Invalid_container_names_are_rejected(string container)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(container, "a.txt", Text("x"), "text/plain"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetSignedUrlAsync(container, "a.txt", BlobPermissions.Read, DateTimeOffset.UtcNow).AsTask());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../secret.txt")]
    [InlineData("../../secret.txt")]
    [InlineData("a/../../secret.txt")]
    [InlineData("a/./b")]
    [InlineData(".")]
    [InlineData("a//b")]
    [InlineData("trailing/")]
    [InlineData("..\\secret.txt")]
    [InlineData("a\0b")]
    [InlineData("line\nbreak")]
    public async Task Names_that_could_leave_the_root_or_are_malformed_are_rejected(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync("video", name, Text("x"), "text/plain"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadAsync("video", name));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.StageBlockAsync("video", name, BlockId(0), Text("x")));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync("video", name));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetSignedUrlAsync("video", name, BlobPermissions.Read, DateTimeOffset.UtcNow).AsTask());
        Assert.Equal(["root"], Directory.EnumerateFileSystemEntries(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Names_that_are_not_valid_text_are_rejected()
    {
        // Built at run time: xunit would turn a lone surrogate in InlineData into U+FFFD.
        var name = "lone" + (char)0xD800 + "surrogate";
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync("video", name, Text("x"), "text/plain"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetSignedUrlAsync("video", name, BlobPermissions.Read, DateTimeOffset.UtcNow).AsTask());
    }

    [Fact]
    public async Task Names_longer_than_1024_characters_or_with_a_part_over_255_bytes_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync("video", string.Join('/', Enumerable.Repeat("abcdefghi", 103)), Text("x"), ""));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync("video", new string('é', 128), Text("x"), ""));
        await _store.PutAsync("video", string.Join('/', Enumerable.Repeat("abcdefghi", 102)), Text("x"), "");
    }

    [Fact]
    public async Task Prefixes_with_dot_dot_folders_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync("video", "../"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync("video", "a/../../"));
        Assert.Empty(await _store.ListAsync("video", "..")); // a partial name, not a folder: matches "..x" only
    }

    [Fact]
    public async Task Names_starting_with_a_dot_are_listed()
    {
        await _store.PutAsync("video", "a/.hidden", Text("x"), "text/plain");
        Assert.Equal(["a/.hidden"], (await _store.ListAsync("video", "")).Select(b => b.Name));
    }

    [Fact]
    public async Task A_name_cannot_be_both_a_blob_and_a_folder()
    {
        await _store.PutAsync("video", "a", Text("file"), "text/plain");
        await _store.PutAsync("video", "b/c", Text("nested"), "text/plain");

        await Assert.ThrowsAsync<BlobNameClashException>(() => _store.PutAsync("video", "a/x", Text("x"), "text/plain"));
        await Assert.ThrowsAsync<BlobNameClashException>(() => _store.PutAsync("video", "b", Text("x"), "text/plain"));
        Assert.Null(await _store.GetInfoAsync("video", "b"));
        Assert.Null(await _store.ReadAsync("video", "a/x"));
        Assert.False(await _store.DeleteAsync("video", "b"));
        Assert.Equal(["a", "b/c"], (await _store.ListAsync("video", "")).Select(b => b.Name));
    }

    [Fact]
    public async Task A_range_starting_past_the_end_throws()
    {
        await _store.PutAsync("video", "r.bin", new MemoryStream(Bytes(10)), "");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ReadAsync("video", "r.bin", new BlobRange(11)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ReadAsync("video", "r.bin", new BlobRange(-1)));
        await using var atEnd = await _store.ReadAsync("video", "r.bin", new BlobRange(10));
        Assert.Empty(await ReadAllAsync(atEnd!.Content));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("")]
    [InlineData("QUFB=")]
    public async Task Invalid_block_ids_are_rejected(string blockId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.StageBlockAsync("video", "u.mp4", blockId, Text("x")));
    }

    [Fact]
    public async Task Block_ids_decode_to_at_most_64_bytes_and_all_have_one_length_per_blob()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => _store.StageBlockAsync("video", "u.mp4", Convert.ToBase64String(new byte[65]), Text("x")));
        await _store.StageBlockAsync("video", "u.mp4", Convert.ToBase64String(new byte[64]), Text("x"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.StageBlockAsync("video", "u.mp4", "AAAA", Text("x")));
    }

    [Fact]
    public async Task Put_discards_staged_blocks_as_azure_does()
    {
        await _store.StageBlockAsync("video", "u.mp4", BlockId(0), Text("x"));
        await _store.PutAsync("video", "u.mp4", Text("whole"), "video/mp4");
        Assert.Empty(await _store.ListStagedBlocksAsync("video", "u.mp4"));
    }

    [Fact]
    public async Task Invalid_content_types_are_rejected_and_empty_means_octet_stream()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync("video", "a", Text("x"), "text/plain\r\nX-Evil: 1"));
        Assert.Equal("application/octet-stream", (await _store.PutAsync("video", "a", Text("x"), "")).ContentType);
    }

    [Fact]
    public async Task Delete_prunes_folders_left_empty()
    {
        await _store.PutAsync("video", "lec/1/hls/a.ts", Text("a"), "");
        await _store.PutAsync("video", "lec/2/b.ts", Text("b"), "");
        await _store.DeleteAsync("video", "lec/1/hls/a.ts");

        Assert.False(Directory.Exists(Path.Join(_folder.BlobRoot, "video", "lec", "1")));
        Assert.True(Directory.Exists(Path.Join(_folder.BlobRoot, "video", "lec", "2")));
        await _store.PutAsync("video", "lec/1/hls/a.ts", Text("again"), ""); // and the folders come back
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }
}
