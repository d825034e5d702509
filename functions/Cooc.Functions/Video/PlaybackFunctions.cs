using Cooc.Functions.Hosting;
using Cooc.Functions.Http;
using Cooc.Functions.Identity;
using Cooc.Functions.Operations;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cooc.Functions.Video;

/// <summary>
/// Lecture status and playback. The playback answer points a standard HLS player at the master playlist; playlists
/// are authorized by the token in their URL (players send no headers) and hold signed blob URLs, so video bytes come
/// from blob storage (or a CDN), never through a function.
/// </summary>
public sealed class PlaybackFunctions(CallerIdentification callers, LectureAccess lectures, VideoPlayback playback, CoocSettings settings)
{
    private const string Playlist = "application/vnd.apple.mpegurl";

    [Function("GetLecture")]
    [ApiOperation("Video", "A lecture's video status (AwaitingUpload, Processing, Ready, Failed with reason), renditions and captions; for its learners and staff.", null, typeof(LectureVideoView))]
    public async Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/lectures/{lectureId}")] HttpRequest request,
        string courseId, string lectureId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var lecture = await lectures.ForWatchingAsync(caller, courseId, lectureId, ct);
        return lecture.Refusal is { } refusal ? Problems.From(refusal) : TypedResults.Ok(LectureVideoView.Of(lecture.Value!.Video));
    }

    [Function("GetPlayback")]
    [ApiOperation("Video", "Where to play a ready lecture: the master playlist URL (a standard HLS player opens it without headers), poster, captions with signed URLs and the default track for your Accept-Language.", null, typeof(PlaybackView))]
    public async Task<IResult> Playback([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/lectures/{lectureId}/playback")] HttpRequest request,
        string courseId, string lectureId, CancellationToken ct)
    {
        var (caller, authProblem) = await callers.IdentifyAsync(request);
        if (caller is null) return Problems.Unauthorized(authProblem);
        var lecture = await lectures.ForWatchingAsync(caller, courseId, lectureId, ct);
        if (lecture.Refusal is { } refusal) return Problems.From(refusal);
        var (course, _, video) = lecture.Value!;
        if (!video.IsPlayable) return Problems.Problem(StatusCodes.Status409Conflict, "The lecture is not ready to play.", $"Its video is {video.Status}.");
        var expiry = playback.Expiry();
        var token = Uri.EscapeDataString(playback.Token(video, expiry));
        var hls = $"{PublicOrigin(request)}/{request.Path.Value!.TrimStart('/')[..^"playback".Length]}hls/";
        var defaultTrack = CaptionChoice.Default(video.Captions, request.PreferredLanguages(), course.DefaultLanguage);
        var captions = new List<CaptionView>();
        foreach (var track in video.Captions)
            captions.Add(new CaptionView(track.Language, track.Name, (await playback.BlobUrlAsync(track.Blob, expiry, ct)).AbsoluteUri, track == defaultTrack));
        return TypedResults.Ok(new PlaybackView(
            video.Progressive ? null : $"{hls}master.m3u8?token={token}",
            video.Progressive ? (await playback.BlobUrlAsync(video.Renditions[0].Blob, expiry, ct)).AbsoluteUri : null,
            video.PosterBlob is null ? null : (await playback.BlobUrlAsync(video.PosterBlob, expiry, ct)).AbsoluteUri,
            video.DurationSeconds, captions, expiry));
    }

    [Function("GetMasterPlaylist")]
    [ApiOperation("Video", "The HLS master playlist: authorized by the playback token in the URL.", null, null, UrlSigned = true)]
    public async Task<IResult> Master([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/lectures/{lectureId}/hls/master.m3u8")] HttpRequest request,
        string courseId, string lectureId, CancellationToken ct)
    {
        var (video, problem) = await AuthorizeAsync(request, courseId, lectureId, ct);
        if (video is null) return problem!;
        var token = Uri.EscapeDataString(request.Query["token"].ToString());
        var defaultLanguage = CaptionChoice.Default(video.Captions, request.PreferredLanguages(), "")?.Language;
        var text = HlsMasterPlaylist.Build(video.Renditions, video.Captions, defaultLanguage,
            name => $"{Uri.EscapeDataString(name)}/index.m3u8?token={token}", language => $"subtitles/{Uri.EscapeDataString(language)}.m3u8?token={token}");
        return TypedResults.Text(text, Playlist);
    }

    [Function("GetMediaPlaylist")]
    [ApiOperation("Video", "One rendition's HLS media playlist, every segment a signed, short-lived blob URL: authorized by the playback token.", null, null, UrlSigned = true)]
    public async Task<IResult> Media([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/lectures/{lectureId}/hls/{rendition}/index.m3u8")] HttpRequest request,
        string courseId, string lectureId, string rendition, CancellationToken ct)
    {
        var (video, problem) = await AuthorizeAsync(request, courseId, lectureId, ct);
        if (video is null) return problem!;
        var chosen = video.Renditions.FirstOrDefault(r => r.Name == rendition);
        if (chosen is null) return Problems.NotFound("Rendition");
        var text = await playback.SignedMediaPlaylistAsync(chosen.Blob, ct);
        return text is null ? Problems.NotFound("Rendition") : TypedResults.Text(text, Playlist);
    }

    [Function("GetSubtitlePlaylist")]
    [ApiOperation("Video", "The HLS subtitle playlist of one caption language (one signed WebVTT file): authorized by the playback token.", null, null, UrlSigned = true)]
    public async Task<IResult> Subtitles([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "courses/{courseId}/lectures/{lectureId}/hls/subtitles/{language}.m3u8")] HttpRequest request,
        string courseId, string lectureId, string language, CancellationToken ct)
    {
        var (video, problem) = await AuthorizeAsync(request, courseId, lectureId, ct);
        if (video is null) return problem!;
        var track = video.Captions.FirstOrDefault(t => CaptionRules.SameLanguage(t.Language, language));
        if (track is null || video.DurationSeconds is not { } duration) return Problems.NotFound("Caption");
        // Beside MPEG-TS segments the cues need an X-TIMESTAMP-MAP to the segments' start (versions packaged before it was measured have none).
        var url = video.MpegTsStart is { } start
            ? await playback.MappedCaptionUrlAsync(track, start, playback.Expiry(), ct)
            : await playback.BlobUrlAsync(track.Blob, playback.Expiry(), ct);
        return url is null ? Problems.NotFound("Caption") : TypedResults.Text(HlsSubtitlePlaylist.Build(duration, url.AbsoluteUri), Playlist);
    }

    /// <summary>
    /// The origin clients reach the app at: Cooc:PublicBaseUrl when set, otherwise the request's own scheme and host,
    /// which behind a trusted proxy are the ones it forwarded (X-Forwarded-Proto/Host, see TrustedProxies).
    /// </summary>
    private string PublicOrigin(HttpRequest request) =>
        settings.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>The token must be valid for this lecture and name the version that plays now; otherwise 403.</summary>
    private async Task<(LectureVideo? Video, IResult? Problem)> AuthorizeAsync(HttpRequest request, string courseId, string lectureId, CancellationToken ct)
    {
        var version = playback.ValidToken(request.Query["token"].ToString(), courseId, lectureId);
        if (version is null) return (null, Problems.Problem(StatusCodes.Status403Forbidden, "Invalid or expired playback token.", "Ask the playback endpoint for a new URL."));
        var video = await lectures.ReadVideoAsync(courseId, lectureId, ct);
        if (video?.Value.CurrentVersion != version) return (null, Problems.Problem(StatusCodes.Status403Forbidden, "This playback URL is for an older version.", "Ask the playback endpoint for a new URL."));
        return (video.Value, null);
    }
}
