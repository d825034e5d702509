using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cooc.Video;

/// <summary>
/// Validates a WebVTT caption file as players parse it: the "WEBVTT" header (after an optional BOM), then blocks
/// separated by blank lines. NOTE, STYLE and REGION blocks are skipped; every other block is a cue: an optional
/// identifier line, a timing line "hh:mm:ss.ttt --> hh:mm:ss.ttt" (hours optional) with optional settings, and text.
/// </summary>
public static partial class WebVttRules
{
    public const int MaxReportedErrors = 50;

    /// <summary>Readable errors, each naming its line ("Line 7: ..."); empty when the file is valid.</summary>
    public static IReadOnlyList<string> Validate(string text, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > maxBytes) return [$"The file is {bytes} bytes; at most {maxBytes} bytes are allowed."];
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        if (!IsKeywordLine(lines[0], "WEBVTT"))
            return [LooksLikeSubRip(text)
                ? "Line 1: this looks like a SubRip (.srt) file; convert it to WebVTT, which starts with the line 'WEBVTT'."
                : "Line 1: a WebVTT file starts with the line 'WEBVTT'."];

        var errors = new List<string>();
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
            if (lines[i].Contains("-->")) errors.Add($"Line {i + 1}: leave a blank line between the header and the first cue.");

        var sawCue = false;
        double? previousStart = null;
        string? previousStartText = null;
        while (i < lines.Length)
        {
            if (lines[i].Length == 0) { i++; continue; }
            var end = i;
            while (end < lines.Length && lines[end].Length > 0) end++;
            if (IsKeywordLine(lines[i], "NOTE")) { i = end; continue; }
            if (IsKeywordLine(lines[i], "STYLE") || IsKeywordLine(lines[i], "REGION"))
            {
                if (sawCue) errors.Add($"Line {i + 1}: STYLE and REGION blocks must come before the first cue.");
                i = end;
                continue;
            }
            var timing = lines[i].Contains("-->") ? i : i + 1;
            if (timing >= end || !lines[timing].Contains("-->"))
            {
                errors.Add($"Line {i + 1}: expected a cue timing such as '00:00:01.000 --> 00:00:04.000'.");
                i = end;
                continue;
            }
            sawCue = true;
            var match = TimingLine().Match(lines[timing]);
            if (!match.Success)
                errors.Add($"Line {timing + 1}: '{Shorten(lines[timing])}' is not a cue timing; write 'hh:mm:ss.ttt --> hh:mm:ss.ttt' (or 'mm:ss.ttt'), with a dot before the milliseconds.");
            else
            {
                var (startText, endText) = (match.Groups["start"].Value, match.Groups["end"].Value);
                var (start, stop) = (Seconds(startText), Seconds(endText));
                if (stop <= start) errors.Add($"Line {timing + 1}: the cue ends at {endText} but starts at {startText}; it must end after it starts.");
                if (start < previousStart)
                    errors.Add($"Line {timing + 1}: the cue starts at {startText}, before the previous cue at {previousStartText}; cues must be in order of start time.");
                (previousStart, previousStartText) = (start, startText);
            }
            for (var k = timing + 1; k < end; k++)
                if (lines[k].Contains("-->")) errors.Add($"Line {k + 1}: cue text may not contain '-->'; leave a blank line before the next cue.");
            i = end;
        }
        return errors.Count <= MaxReportedErrors ? errors : [.. errors.Take(MaxReportedErrors), $"And {errors.Count - MaxReportedErrors} more errors."];
    }

    /// <summary>The line is the keyword alone or followed by a space or tab and more text.</summary>
    private static bool IsKeywordLine(string line, string keyword) =>
        line.StartsWith(keyword, StringComparison.Ordinal) && (line.Length == keyword.Length || line[keyword.Length] is ' ' or '\t');

    private static double Seconds(string timestamp)
    {
        var parts = timestamp.Split(':');
        var hours = parts.Length == 3 ? double.Parse(parts[0], CultureInfo.InvariantCulture) : 0;
        return hours * 3600 + double.Parse(parts[^2], CultureInfo.InvariantCulture) * 60 + double.Parse(parts[^1], CultureInfo.InvariantCulture);
    }

    private static bool LooksLikeSubRip(string text) => SubRipTiming().IsMatch(text);

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";

    [GeneratedRegex(@"^(?<start>(?:[0-9]{2,}:)?[0-5][0-9]:[0-5][0-9]\.[0-9]{3})[ \t]+-->[ \t]+(?<end>(?:[0-9]{2,}:)?[0-5][0-9]:[0-5][0-9]\.[0-9]{3})(?:[ \t].*)?$")]
    private static partial Regex TimingLine();

    [GeneratedRegex(@"^\d+:\d{2}:\d{2},\d{3}\s+-->", RegexOptions.Multiline)]
    private static partial Regex SubRipTiming();
}
