using System.Globalization;

namespace Cooc.Video;

/// <summary>
/// WebVTT captions in HLS beside MPEG-TS segments: RFC 8216 (3.5) says a file without X-TIMESTAMP-MAP maps cue time 0
/// to MPEG-TS time 0, but ffmpeg's segments start at about 1.4 s (PTS 126000 plus the encoder's delay), so Safari and
/// hls.js would show every cue that much early. The map ties cue time 0 to the first video frame's PTS instead.
/// </summary>
public static class WebVttTimestampMap
{
    public const string Header = "X-TIMESTAMP-MAP";
    public const int MpegTsClock = 90_000;

    /// <summary>"X-TIMESTAMP-MAP=MPEGTS:133200,LOCAL:00:00:00.000".</summary>
    public static string Line(long mpegTs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mpegTs);
        return string.Create(CultureInfo.InvariantCulture, $"{Header}=MPEGTS:{mpegTs},LOCAL:00:00:00.000");
    }

    /// <summary>Seconds to the 90 kHz clock, rounded to the nearest tick.</summary>
    public static long ToMpegTs(double seconds) => (long)Math.Round(seconds * MpegTsClock, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The file with the map in its header block (right after the "WEBVTT" line), replacing any map it had; line
    /// endings become "\n" and a byte order mark is dropped. The file must start with "WEBVTT" (see <see cref="WebVttRules"/>).
    /// </summary>
    public static string Apply(string vtt, long mpegTs)
    {
        var text = (vtt.StartsWith('\uFEFF') ? vtt[1..] : vtt).Replace("\r\n", "\n").Replace('\r', '\n');
        var lines = text.Split('\n').ToList();
        if (!lines[0].StartsWith("WEBVTT", StringComparison.Ordinal)) throw new ArgumentException("Not a WebVTT file.", nameof(vtt));
        var headerEnd = lines.FindIndex(1, line => line.Length == 0);
        if (headerEnd < 0) headerEnd = lines.Count;
        for (var i = headerEnd - 1; i >= 1; i--)
            if (lines[i].StartsWith(Header, StringComparison.Ordinal)) lines.RemoveAt(i);
        lines.Insert(1, Line(mpegTs));
        return string.Join('\n', lines);
    }
}
