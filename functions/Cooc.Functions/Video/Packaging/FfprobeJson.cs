using System.Globalization;
using System.Text.Json;
using Cooc.Video;

namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// Reads the output of "ffprobe -print_format json -show_format -show_streams" into a <see cref="ProbeResult"/>: the
/// first video stream that is not a cover picture, the first audio stream. Rotation is the display matrix's (or the
/// legacy "rotate" tag's) angle as ffprobe prints it, normalised to 0, 90, 180 or 270; DurationSeconds is 0 when
/// neither the container nor the video stream states one (live-recorded WebM), for the caller to measure.
/// </summary>
public static class FfprobeJson
{
    public static ProbeResult Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new VideoProcessingException($"could not read the file: ffprobe's answer is not JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            var streams = root.TryGetProperty("streams", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
            var video = streams.FirstOrDefault(s => Text(s, "codec_type") == "video" && !IsCoverPicture(s));
            if (video.ValueKind != JsonValueKind.Object) throw new VideoProcessingException("no video stream: the file holds no moving picture");
            var audio = streams.FirstOrDefault(s => Text(s, "codec_type") == "audio");
            var hasAudio = audio.ValueKind == JsonValueKind.Object;
            var format = root.TryGetProperty("format", out var f) ? f : default;

            var width = Integer(video, "width") ?? 0;
            var height = Integer(video, "height") ?? 0;
            if (width <= 0 || height <= 0) throw new VideoProcessingException("no video stream: the video stream has no picture size");
            var videoCodec = Text(video, "codec_name");
            var isH264 = videoCodec == "h264";
            return new ProbeResult(
                DurationSeconds: Number(format, "duration") ?? Number(video, "duration") ?? 0,
                Width: width,
                Height: height,
                VideoCodec: videoCodec,
                AudioCodec: hasAudio ? Text(audio, "codec_name") ?? "unknown" : null,
                BitRate: (long?)Number(format, "bit_rate"),
                FrameRate: Rate(Text(video, "avg_frame_rate")) ?? Rate(Text(video, "r_frame_rate")),
                VideoProfile: Known(Text(video, "profile")),
                VideoLevel: isH264 && Integer(video, "level") is > 0 and var level ? level : null,
                AudioProfile: hasAudio ? Known(Text(audio, "profile")) : null,
                Rotation: Rotation(video));
        }
    }

    /// <summary>"30000/1001" → 29.97; null for "0/0" and nonsense.</summary>
    public static double? Rate(string? fraction)
    {
        if (fraction is null) return null;
        var parts = fraction.Split('/');
        if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)) return null;
        var denominator = 1.0;
        if (parts.Length == 2 && !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out denominator)) return null;
        var rate = numerator / denominator;
        return double.IsFinite(rate) && rate > 0 ? Math.Round(rate, 3) : null;
    }

    private static int Rotation(JsonElement video)
    {
        double? degrees = null;
        if (video.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
            degrees = sideData.EnumerateArray().Select(item => Number(item, "rotation")).FirstOrDefault(r => r is not null);
        if (degrees is null && video.TryGetProperty("tags", out var tags)) degrees = Number(tags, "rotate");
        var quarterTurns = (int)Math.Round((degrees ?? 0) / 90);
        return ((quarterTurns % 4) + 4) % 4 * 90;
    }

    private static bool IsCoverPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition) && Integer(disposition, "attached_pic") == 1;

    private static string? Known(string? profile) => profile is null or "unknown" ? null : profile;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>ffprobe writes most numbers as strings ("13.000000", "N/A"): either form, null when not a finite number.</summary>
    private static double? Number(JsonElement element, string name) =>
        Text(element, name) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;

    private static int? Integer(JsonElement element, string name) =>
        Number(element, name) is { } number && number is >= int.MinValue and <= int.MaxValue ? (int)number : null;
}
