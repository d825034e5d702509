using System.Text.Json;
using Cooc.Common;
using Cooc.Ports;
using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class LectureVideoTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static PackagedVideo Packaged(string version) => new(version, 600,
        [new Rendition("360p", 640, 360, 1_000_000, null, "avc1.64001e,mp4a.40.2", $"c1/l1/versions/{version}/360p/index.m3u8")],
        $"c1/l1/versions/{version}/poster.jpg", false);

    private static LectureVideo Ready(string version) =>
        LectureVideo.New("c1", "l1", "acme", Now).StartProcessing(version, "src", Now).Publish(Packaged(version), Now).Value!;

    [Fact]
    public void A_new_lecture_video_awaits_its_upload()
    {
        var video = LectureVideo.New("c1", "l1", "acme", Now);
        Assert.Equal("video:l1", video.Id);
        Assert.Equal(VideoStatus.AwaitingUpload, video.Status);
        Assert.False(video.IsPlayable);
        Assert.Contains("\"kind\":\"video\"", JsonSerializer.Serialize(video, DocumentJson.Options));
    }

    [Fact]
    public void Publishing_switches_playback_to_the_processed_version()
    {
        var processing = LectureVideo.New("c1", "l1", "acme", Now).StartProcessing("v1", "c1/l1/sources/v1", Now);
        Assert.Equal((VideoStatus.Processing, "v1", (string?)null), (processing.Status, processing.ProcessingVersion, processing.CurrentVersion));
        Assert.True(processing.ShouldProcess("v1"));
        var ready = processing.Publish(Packaged("v1"), Now.AddMinutes(5)).Value!;
        Assert.Equal((VideoStatus.Ready, "v1", (string?)null, 600.0), (ready.Status, ready.CurrentVersion, ready.ProcessingVersion, ready.DurationSeconds));
        Assert.True(ready.IsPlayable);
        Assert.False(ready.ShouldProcess("v1"));
    }

    [Fact]
    public void A_redelivered_message_for_a_published_version_is_a_no_op()
    {
        var ready = Ready("v1");
        Assert.True(ready.AlreadyPublished("v1"));
        Assert.Same(ready, ready.StartProcessing("v1", "src", Now.AddHours(1)));
        Assert.Same(ready, ready.Publish(Packaged("v1"), Now.AddHours(1)).Value);
        Assert.Same(ready, ready.Fail("boom", Now.AddHours(1), "v1"));
    }

    [Fact]
    public void A_reupload_keeps_the_old_version_playing_until_the_new_one_is_published()
    {
        var reprocessing = Ready("v1").StartProcessing("v2", "src2", Now.AddDays(1));
        Assert.Equal(VideoStatus.Processing, reprocessing.Status);
        Assert.Equal("v1", reprocessing.CurrentVersion);
        Assert.True(reprocessing.IsPlayable);
        Assert.Equal("c1/l1/versions/v1/360p/index.m3u8", reprocessing.Renditions[0].Blob);

        var failed = reprocessing.Fail("  Not a video:\n the file is a PDF.  ", Now.AddDays(1));
        Assert.Equal((VideoStatus.Failed, "Not a video: the file is a PDF."), (failed.Status, failed.FailureReason));
        Assert.Equal("v1", failed.CurrentVersion);
        Assert.False(failed.ShouldProcess("v2"));
    }

    [Fact]
    public void A_superseded_version_is_neither_published_nor_failed()
    {
        var video = Ready("v1").StartProcessing("v2", "src2", Now).StartProcessing("v3", "src3", Now);
        Assert.False(video.ShouldProcess("v2"));
        Assert.Equal(RefusalKind.Conflict, video.Publish(Packaged("v2"), Now).Refusal!.Kind);
        Assert.Same(video, video.Fail("late failure", Now, "v2"));
        Assert.Equal("v3", video.Publish(Packaged("v3"), Now).Value!.CurrentVersion);
    }

    [Fact]
    public void Failure_reasons_are_readable_and_bounded()
    {
        var processing = LectureVideo.New("c1", "l1", "acme", Now).StartProcessing("v1", "src", Now);
        Assert.Equal("The video could not be processed.", processing.Fail(" ", Now).FailureReason);
        Assert.Equal(LectureVideo.MaxFailureReasonLength, processing.Fail(new string('x', 2000), Now).FailureReason!.Length);
        Assert.Null(processing.Fail("x", Now).StartProcessing("v2", "src", Now).FailureReason);
    }

    [Fact]
    public void A_packaged_video_without_renditions_is_a_packager_bug()
    {
        var processing = LectureVideo.New("c1", "l1", "acme", Now).StartProcessing("v1", "src", Now);
        Assert.Throws<ArgumentException>(() => processing.Publish(Packaged("v1") with { Renditions = [] }, Now));
        Assert.Throws<ArgumentException>(() => processing.Publish(Packaged("v1") with { DurationSeconds = double.NaN }, Now));
    }

    [Fact]
    public void A_caption_replaces_the_track_of_its_language()
    {
        var video = Ready("v1")
            .WithCaption(new CaptionTrack("en", "a.vtt", "English", Now.AddMinutes(1)))
            .WithCaption(new CaptionTrack("fr", "b.vtt", "Français", Now.AddMinutes(2)))
            .WithCaption(new CaptionTrack("EN", "c.vtt", "English (corrected)", Now.AddMinutes(3)));
        Assert.Equal(["c.vtt", "b.vtt"], video.Captions.Select(c => c.Blob));
        Assert.Equal(Now.AddMinutes(3), video.UpdatedAt);
        Assert.Equal(["b.vtt"], video.WithoutCaption("en", Now).Captions.Select(c => c.Blob));
        Assert.Same(video, video.WithoutCaption("de", Now));
    }

    [Fact]
    public void Blob_names_keep_versions_apart()
    {
        Assert.Equal("c1/l1/versions/v2/", VideoBlobNames.VersionPrefix("c1", "l1", "v2"));
        Assert.Equal("c1/l1/versions/v2/720p/index.m3u8", VideoBlobNames.MediaPlaylist("c1", "l1", "v2", "720p"));
        Assert.Equal("c1/l1/versions/v2/poster.jpg", VideoBlobNames.Poster("c1", "l1", "v2"));
        Assert.Equal("c1/l1/captions/r7/pt-BR.vtt", VideoBlobNames.Caption("c1", "l1", "pt-BR", "r7"));
    }
}
