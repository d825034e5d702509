using System.Text;
using Cooc.Embedded.Blobs;
using Microsoft.Extensions.Time.Testing;
using static Cooc.Adapters.Tests.Blobs.BlobStoreContract;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>Restarts, crashes and concurrent readers: what the files on disk guarantee.</summary>
public sealed class LocalFileBlobStoreDurabilityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Staged_blocks_survive_a_restart_and_can_be_committed_by_the_new_instance()
    {
        using (var before = _folder.CreateStore())
        {
            await before.StageBlockAsync("video", "big.mp4", BlockId(0), Text("part one, "));
            await before.StageBlockAsync("video", "big.mp4", BlockId(1), Text("part two"));
        }

        using var after = _folder.CreateStore();
        Assert.Equal(2, (await after.ListStagedBlocksAsync("video", "big.mp4")).Count);
        await after.CommitBlocksAsync("video", "big.mp4", [BlockId(0), BlockId(1)], "video/mp4");
        await using var read = await after.ReadAsync("video", "big.mp4");
        Assert.Equal("part one, part two", Encoding.UTF8.GetString(await ReadAllAsync(read!.Content)));
    }

    [Fact]
    public async Task Uploads_abandoned_for_a_week_and_temp_files_of_crashed_writes_are_swept_at_startup()
    {
        using (var store = _folder.CreateStore())
            await store.StageBlockAsync("video", "abandoned.mp4", BlockId(0), Text("x"));
        var crashedWrite = Path.Join(_folder.BlobRoot, ".tmp", "crashed.tmp");
        await File.WriteAllTextAsync(crashedWrite, "half a blob");

        using (var nextDay = _folder.CreateStore(new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(25))))
        {
            Assert.False(File.Exists(crashedWrite));
            Assert.Single(await nextDay.ListStagedBlocksAsync("video", "abandoned.mp4"));
        }
        using var nextWeek = _folder.CreateStore(new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(8)));
        Assert.Empty(await nextWeek.ListStagedBlocksAsync("video", "abandoned.mp4"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_reader_keeps_the_version_it_opened_while_the_blob_is_replaced_or_deleted(bool separateContentFiles)
    {
        using var store = _folder.CreateStore(separateContentFiles: separateContentFiles);
        await store.PutAsync("video", "v.bin", new MemoryStream(Bytes(100_000)), "application/octet-stream");

        await using var read = await store.ReadAsync("video", "v.bin");
        await store.PutAsync("video", "v.bin", Text("new"), "text/plain");
        await store.DeleteAsync("video", "v.bin");

        Assert.Equal(Bytes(100_000), await ReadAllAsync(read!.Content));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_readers_never_see_content_from_one_write_with_metadata_from_another(bool separateContentFiles)
    {
        using var store = _folder.CreateStore(separateContentFiles: separateContentFiles);
        await store.PutAsync("video", "x.bin", new MemoryStream(Fill(0, 1000)), "application/x-fill-0");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var writer = Task.Run(async () =>
        {
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                var fill = (byte)(i % 200);
                // Sizes vary too, so a torn read would also show as a wrong length.
                await store.PutAsync("video", "x.bin", new MemoryStream(Fill(fill, 1000 + fill * 37)), $"application/x-fill-{fill}");
            }
        });
        var reads = 0;
        while (!stop.IsCancellationRequested)
        {
            await using var read = await store.ReadAsync("video", "x.bin");
            var fill = byte.Parse(read!.Info.ContentType["application/x-fill-".Length..]);
            var bytes = await ReadAllAsync(read.Content);
            Assert.Equal(1000 + fill * 37, bytes.Length);
            Assert.Equal(read.Info.Length, bytes.Length);
            Assert.All(bytes, b => Assert.Equal(fill, b));
            reads++;
        }
        await writer;
        Assert.True(reads > 10, $"only {reads} reads");
    }

    [Fact]
    public void The_signing_key_file_is_created_once_with_32_owner_only_bytes_and_then_reused()
    {
        var path = Path.Join(_folder.Path, "data", "blob-signing.key");
        var first = BlobSigningKeyFile.LoadOrCreate(path);
        var second = BlobSigningKeyFile.LoadOrCreate(path);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        Assert.Equal([Path.GetFileName(path)], Directory.EnumerateFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Concurrent_first_starts_agree_on_one_signing_key()
    {
        // 50 races of 8 starts each: with a check-then-move publish, some rounds used to end with two keys in memory.
        for (var round = 0; round < 50; round++)
        {
            var path = Path.Join(_folder.Path, "race" + round, "blob-signing.key");
            using var start = new Barrier(8);
            var keys = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8)
                .Select(_ => { start.SignalAndWait(); return BlobSigningKeyFile.LoadOrCreate(path); }).ToList();
            Assert.All(keys, k => Assert.Equal(File.ReadAllBytes(path), k));
            Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(path)!));
        }
    }

    [Fact]
    public async Task A_signing_key_file_of_the_wrong_size_is_refused()
    {
        var path = Path.Join(_folder.Path, "short.key");
        await File.WriteAllBytesAsync(path, new byte[16]);
        Assert.Throws<InvalidDataException>(() => BlobSigningKeyFile.LoadOrCreate(path));
    }

    private static byte[] Fill(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    public void Dispose() => _folder.Dispose();
}
