using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

/// <summary>Which versions' files may go once a newer one is published, one fails, or an upload is superseded.</summary>
public sealed class RetiredVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static PackagedVideo Packaged(string version, long? mpegTs = 126000) => new(version, 600,
        [new Rendition("360p", 640, 360, 1_000_000, null, "avc1.64001e,mp4a.40.2", $"c1/l1/versions/{version}/360p/index.m3u8")],
        $"c1/l1/versions/{version}/poster.jpg", false, mpegTs);

    private static LectureVideo Published(LectureVideo video, string version) =>
        video.StartProcessing(version, $"c1/l1/sources/{version}", Now).Publish(Packaged(version), Now).Value!;

    private static LectureVideo New => LectureVideo.New("c1", "l1", "acme", Now);

    [Fact]
    public void The_first_version_retires_nothing()
    {
        var v1 = Published(New, "v1");
        Assert.Null(v1.PreviousVersion);
        Assert.Empty(v1.RetiredBy("v1"));
        Assert.Equal(126000, v1.MpegTsStart);
    }

    [Fact]
    public void Publishing_a_re_upload_retires_the_version_it_replaced_and_never_the_playing_one()
    {
        var v2 = Published(Published(New, "v1"), "v2");
        Assert.Equal(("v2", "v1"), (v2.CurrentVersion, v2.PreviousVersion));
        Assert.Equal(["v1"], v2.RetiredBy("v2"));
        Assert.Equal(["v1"], v2.RetiredBy("v1")); // the old version's own redelivered message
        Assert.False(v2.MayRemove("v2"));
        Assert.True(v2.MayRemove("v1"));
    }

    [Fact]
    public void Publishing_the_same_version_again_keeps_the_previous_one()
    {
        var v2 = Published(Published(New, "v1"), "v2");
        Assert.Same(v2, v2.Publish(Packaged("v2"), Now.AddMinutes(1)).Value);
        Assert.Equal("v1", v2.PreviousVersion);
    }

    [Fact]
    public void The_version_being_packaged_is_never_removed_but_a_superseded_one_is()
    {
        var processing = Published(New, "v1").StartProcessing("v2", "c1/l1/sources/v2", Now);
        Assert.False(processing.MayRemove("v2"));
        Assert.Empty(processing.RetiredBy("v2"));
        var superseded = processing.StartProcessing("v3", "c1/l1/sources/v3", Now);
        Assert.Equal(["v2"], superseded.RetiredBy("v2"));
        Assert.False(superseded.MayRemove("v1")); // still playing
        Assert.False(superseded.MayRemove("v3"));
    }

    [Fact]
    public void A_failed_upload_is_retired_while_the_published_version_keeps_playing()
    {
        var failed = Published(New, "v1").StartProcessing("v2", "c1/l1/sources/v2", Now).Fail("not a video", Now, "v2");
        Assert.Equal(VideoStatus.Failed, failed.Status);
        Assert.Equal(["v2"], failed.RetiredBy("v2"));
        Assert.False(failed.MayRemove("v1"));
    }

    [Fact]
    public void A_progressive_version_records_no_mpeg_ts_start()
    {
        var progressive = New.StartProcessing("v1", "c1/l1/sources/v1", Now).Publish(new PackagedVideo("v1", 10,
            [new Rendition("source", 0, 0, 1, 1, "", "c1/l1/sources/v1")], null, Progressive: true), Now).Value!;
        Assert.Null(progressive.MpegTsStart);
    }
}
