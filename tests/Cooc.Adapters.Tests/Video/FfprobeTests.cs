using Cooc.Functions.Video.Packaging;
using Cooc.Video;

namespace Cooc.Adapters.Tests.Video;

[Collection(VideoCollection.Name)]
public sealed class FfprobeTests(VideoTestMedia media)
{
    private readonly Ffprobe ffprobe = new(media.Tools);

    [Fact]
    public async Task Probes_an_h264_aac_mp4()
    {
        var probe = await ffprobe.ProbeAsync(await media.H264With720pAudio(), CancellationToken.None);

        Assert.InRange(probe.DurationSeconds, 12.9, 13.1);
        Assert.Equal((1280, 720), (probe.Width, probe.Height));
        Assert.Equal(("h264", "aac"), (probe.VideoCodec, probe.AudioCodec));
        Assert.Equal(("Main", "LC"), (probe.VideoProfile, probe.AudioProfile));
        Assert.Equal(31, probe.VideoLevel);
        Assert.Equal(25, probe.FrameRate);
        Assert.InRange(probe.BitRate ?? 0, 50_000, 5_000_000);
        Assert.Equal(0, probe.Rotation);
    }

    [Fact]
    public async Task Probes_a_vp9_opus_webm()
    {
        var probe = await ffprobe.ProbeAsync(await media.Vp9Opus360p(), CancellationToken.None);

        Assert.Equal(("vp9", "opus"), (probe.VideoCodec, probe.AudioCodec));
        Assert.Equal((640, 360), (probe.Width, probe.Height));
        Assert.InRange(probe.DurationSeconds, 7.9, 8.1);
        Assert.Null(probe.VideoLevel);
        Assert.False(RenditionLadder.CanRemux(probe));
    }

    [Fact]
    public async Task Probes_a_video_without_audio()
    {
        var probe = await ffprobe.ProbeAsync(await media.H264Silent480p(), CancellationToken.None);

        Assert.False(probe.HasAudio);
        Assert.Null(probe.AudioCodec);
        Assert.Equal((854, 480), (probe.Width, probe.Height));
    }

    [Fact]
    public async Task Reports_the_rotation_so_the_display_size_is_upright()
    {
        var probe = await ffprobe.ProbeAsync(await media.Rotated720p(), CancellationToken.None);

        Assert.Contains(probe.Rotation, new[] { 90, 270 });
        Assert.Equal((1280, 720), (probe.Width, probe.Height));
        Assert.Equal((720, 1280), (probe.DisplayWidth, probe.DisplayHeight));
    }

    [Fact]
    public async Task A_text_file_named_mp4_is_a_readable_failure()
    {
        var failure = await Assert.ThrowsAsync<VideoProcessingException>(async () => await ffprobe.ProbeAsync(await media.TextRenamedMp4(), CancellationToken.None));

        Assert.StartsWith("could not read the file: ", failure.Message);
        Assert.Contains("Invalid data found when processing input", failure.Message);
        Assert.DoesNotContain(media.Folder, failure.Message); // paths are shortened to file names
    }

    [Fact]
    public async Task A_truncated_mp4_is_a_readable_failure()
    {
        var failure = await Assert.ThrowsAsync<VideoProcessingException>(async () => await ffprobe.ProbeAsync(await media.TruncatedMp4(), CancellationToken.None));

        Assert.Contains("could not read the file: moov atom not found", failure.Message);
    }

    [Fact]
    public async Task An_audio_file_has_no_video_stream()
    {
        var failure = await Assert.ThrowsAsync<VideoProcessingException>(async () => await ffprobe.ProbeAsync(await media.AudioOnly(), CancellationToken.None));

        Assert.StartsWith("no video stream", failure.Message);
    }

    [Fact]
    public async Task A_playlist_posing_as_mp4_is_not_opened()
    {
        var playlist = Path.Combine(media.NewFolder("playlist"), "lecture.mp4");
        await File.WriteAllTextAsync(playlist, "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/hostname\n#EXT-X-ENDLIST\n");

        var failure = await Assert.ThrowsAsync<VideoProcessingException>(() => ffprobe.ProbeAsync(playlist, CancellationToken.None));

        Assert.Equal("could not read the file: it is not an MP4, MOV, MKV or WebM video", failure.Message);
    }

    [Fact]
    public async Task Measures_the_duration_of_a_webm_that_states_none()
    {
        var live = Path.Combine(media.NewFolder("live"), "recording.webm");
        (await media.FfmpegRun("-y", "-i", await media.Vp9Opus360p(), "-c", "copy", "-live", "1", "-f", "webm", live)).EnsureSucceeded();

        var probe = await ffprobe.ProbeAsync(live, CancellationToken.None);

        Assert.InRange(probe.DurationSeconds, 7.9, 8.1);
    }
}
