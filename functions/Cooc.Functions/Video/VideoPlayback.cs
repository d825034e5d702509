using System.Collections.Concurrent;
using System.Text;
using Cooc.Ports;
using Cooc.Video;

namespace Cooc.Functions.Video;

/// <summary>
/// Signs what a player fetches: playlist tokens and blob URLs, all expiring at the end of the current signature bucket
/// plus the minimum validity, so everyone in a bucket gets identical URLs. A media playlist is signed once per bucket
/// and then served from memory (a 60-minute lecture is 600 segment URLs); versions are immutable, so the stored text
/// never changes.
/// </summary>
public sealed class VideoPlayback(IBlobStore blobs, PlaybackTokens tokens, VideoOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Blob, DateTimeOffset Expiry), Task<string?>> signedPlaylists = new();
    private readonly ConcurrentDictionary<string, Task<bool>> mappedCaptions = new();

    public DateTimeOffset Expiry() => SignatureBuckets.ExpiryFor(time.GetUtcNow(), options.SignatureBucket, options.MinimumUrlValidity);

    public string Token(LectureVideo video, DateTimeOffset expiry) => tokens.Create(video.CourseId, video.LectureId, video.CurrentVersion!, expiry);

    public string? ValidToken(string? token, string courseId, string lectureId) => tokens.Validate(token, courseId, lectureId);

    public ValueTask<Uri> BlobUrlAsync(string blob, DateTimeOffset expiry, CancellationToken ct) =>
        blobs.GetSignedUrlAsync(BlobContainers.Video, blob, BlobPermissions.Read, expiry, ct);

    /// <summary>The stored media playlist with every URI signed, or null when the blob is missing.</summary>
    public Task<string?> SignedMediaPlaylistAsync(string playlistBlob, CancellationToken ct)
    {
        var expiry = Expiry();
        var key = (playlistBlob, expiry);
        if (signedPlaylists.Count > 1000) Evict(expiry);
        var signing = signedPlaylists.GetOrAdd(key, k => SignAsync(k.Blob, k.Expiry, CancellationToken.None));
        if (signing.IsFaulted || signing.IsCompletedSuccessfully && signing.Result is null) signedPlaylists.TryRemove(key, out _);
        return signing.WaitAsync(ct);
    }

    /// <summary>
    /// The signed URL of the caption file an HLS player should load beside MPEG-TS segments that start at mpegTsStart:
    /// the uploaded file with an X-TIMESTAMP-MAP header (<see cref="WebVttTimestampMap"/>), written once beside it
    /// (caption blobs never change, so neither does the copy), so the bytes still come from blob storage. Null when
    /// the caption file is gone.
    /// </summary>
    public async Task<Uri?> MappedCaptionUrlAsync(CaptionTrack track, long mpegTsStart, DateTimeOffset expiry, CancellationToken ct)
    {
        var mapped = VideoBlobNames.MappedCaption(track.Blob, mpegTsStart);
        var writing = mappedCaptions.GetOrAdd(mapped, _ => WriteMappedCaptionAsync(track.Blob, mapped, mpegTsStart, CancellationToken.None));
        if (writing.IsFaulted || writing.IsCompletedSuccessfully && !writing.Result) mappedCaptions.TryRemove(mapped, out _);
        return await writing.WaitAsync(ct) ? await BlobUrlAsync(mapped, expiry, ct) : null;
    }

    private async Task<bool> WriteMappedCaptionAsync(string captionBlob, string mappedBlob, long mpegTsStart, CancellationToken ct)
    {
        if (await blobs.GetInfoAsync(BlobContainers.Video, mappedBlob, ct) is not null) return true;
        await using var content = await blobs.ReadAsync(BlobContainers.Video, captionBlob, null, ct);
        if (content is null) return false;
        using var reader = new StreamReader(content.Content, Encoding.UTF8);
        var text = WebVttTimestampMap.Apply(await reader.ReadToEndAsync(ct), mpegTsStart);
        await using var bytes = new MemoryStream(new UTF8Encoding(false).GetBytes(text));
        await blobs.PutAsync(BlobContainers.Video, mappedBlob, bytes, content.Info.ContentType, ct);
        return true;
    }

    private async Task<string?> SignAsync(string playlistBlob, DateTimeOffset expiry, CancellationToken ct)
    {
        await using var content = await blobs.ReadAsync(BlobContainers.Video, playlistBlob, null, ct);
        if (content is null) return null;
        using var reader = new StreamReader(content.Content, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        // Sign every URI first (signing may be asynchronous), then rewrite the text with the results.
        var uris = new List<string>();
        HlsMediaPlaylist.Sign(text, uri => { uris.Add(uri); return uri; });
        var signed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var uri in uris.Distinct())
            signed[uri] = (await BlobUrlAsync(HlsMediaPlaylist.ResolveBlob(playlistBlob, uri), expiry, ct)).AbsoluteUri;
        return HlsMediaPlaylist.Sign(text, uri => signed[uri]);
    }

    private void Evict(DateTimeOffset current)
    {
        foreach (var key in signedPlaylists.Keys)
            if (key.Expiry < current) signedPlaylists.TryRemove(key, out _);
    }
}
