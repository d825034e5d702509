using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cooc.Embedded.Blobs;
using Cooc.Functions.Video;
using Cooc.Ports;
using Cooc.Video;

// What a media playlist request costs in VideoPlayback, without HTTP: one signed URL, a whole playlist signed per
// request (what the app would do without its per-bucket cache: read the blob, sign every URI, rewrite the text), and
// the cached path the endpoint takes. The playlist has the shape ffmpeg writes for a VOD rendition (6 s segments).
var segments = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 600;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var root = Directory.CreateTempSubdirectory("cooc-playlist-bench-");
try
{
    using var store = new LocalFileBlobStore(new LocalFileBlobStoreOptions
    {
        RootPath = Path.Join(root.FullName, "blobs"),
        SigningKey = RandomNumberGenerator.GetBytes(32),
        PublicBaseUrl = "http://127.0.0.1:7071",
    });
    var version = VideoBlobNames.VersionPrefix("crs_BenchCourse00000", "lec_BenchLecture0000", "v_20261128T000000Z_0000");
    var playlistBlob = $"{version}180p/index.m3u8";
    var text = Playlist(segments);
    await store.PutAsync(BlobContainers.Video, playlistBlob, new MemoryStream(Encoding.UTF8.GetBytes(text)), "application/vnd.apple.mpegurl");
    var options = new VideoOptions();
    var tokens = new PlaybackTokens(RandomNumberGenerator.GetBytes(32), TimeProvider.System);
    VideoPlayback NewPlayback() => new(store, tokens, options, TimeProvider.System);

    var cached = NewPlayback();
    var signed = await cached.SignedMediaPlaylistAsync(playlistBlob, CancellationToken.None)
        ?? throw new InvalidOperationException("the playlist blob is missing");
    Console.WriteLine($"playlist: {segments} segments, {Encoding.UTF8.GetByteCount(text):N0} bytes stored, " +
        $"{Encoding.UTF8.GetByteCount(signed):N0} bytes signed; {Environment.ProcessorCount} cores, workstation GC");

    var expiry = cached.Expiry();
    var segment = $"{version}180p/seg_00042.ts";
    await Report("sign one segment URL", "URLs", 1, async () => await store.GetSignedUrlAsync(BlobContainers.Video, segment, BlobPermissions.Read, expiry));
    await Report("playlist signed per request (no cache)", "playlists", segments,
        async () => await NewPlayback().SignedMediaPlaylistAsync(playlistBlob, CancellationToken.None));
    await Report("playlist from the per-bucket cache", "playlists", 0,
        async () => await cached.SignedMediaPlaylistAsync(playlistBlob, CancellationToken.None));
    // What writing the text to a response adds (Kestrel encodes it into its own buffers, as here into a reused one).
    var buffers = new ThreadLocal<byte[]>(() => new byte[Encoding.UTF8.GetMaxByteCount(signed.Length)]);
    await Report("  + UTF-8 encoding of the cached text", "playlists", 0,
        async () => Encoding.UTF8.GetBytes((await cached.SignedMediaPlaylistAsync(playlistBlob, CancellationToken.None))!, buffers.Value!));
}
finally
{
    root.Delete(recursive: true);
}
return 0;

async Task Report(string what, string unit, int urlsPerOperation, Func<Task> operation)
{
    for (var i = 0; i < 50; i++) await operation(); // warm up (tiered JIT)
    var one = await Run(operation, 1);
    var all = await Run(operation, Environment.ProcessorCount);
    var perUrl = urlsPerOperation > 1 ? $" = {one.Microseconds / urlsPerOperation:0.00} µs per URL" : "";
    Console.WriteLine($"{what,-42} 1 thread: {one.PerSecond,10:N0} {unit}/s ({one.Microseconds:0.00} µs each{perUrl});" +
        $" {Environment.ProcessorCount} threads: {all.PerSecond,10:N0}/s");
}

async Task<(double PerSecond, double Microseconds)> Run(Func<Task> operation, int threads)
{
    long count = 0;
    var clock = Stopwatch.StartNew();
    var until = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
    {
        long mine = 0;
        while (clock.Elapsed < until)
        {
            for (var i = 0; i < 16; i++) await operation();
            mine += 16;
        }
        Interlocked.Add(ref count, mine);
    })));
    var elapsed = clock.Elapsed.TotalSeconds;
    return (count / elapsed, elapsed * 1e6 * threads / count);
}

static string Playlist(int segments)
{
    var text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (var i = 0; i < segments; i++)
        text.Append("#EXTINF:6.000000,\n").Append(CultureInfo.InvariantCulture, $"seg_{i:D5}.ts\n");
    return text.Append("#EXT-X-ENDLIST\n").ToString();
}
