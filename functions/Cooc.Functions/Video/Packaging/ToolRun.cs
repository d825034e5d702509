using System.Text.RegularExpressions;

namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// How one tool run ended: the exit code, standard output (empty when it was handed line by line to a callback,
/// Truncated when it passed the limit), and the last lines of standard error, the "[mov,mp4 @ 0x...] " prefixes
/// removed and absolute paths shortened to file names, so that they can go in a failure message.
/// </summary>
public sealed partial record ToolRun(string Tool, int ExitCode, string Output, bool OutputTruncated, IReadOnlyList<string> StderrTail)
{
    /// <summary>Lines of stderr a failure message quotes.</summary>
    public const int LinesInMessage = 6;

    public bool Succeeded => ExitCode == 0;

    /// <summary>The last stderr lines, joined: "moov atom not found; text.mp4: Invalid data found when processing input".</summary>
    public string StderrSummary(int lines = LinesInMessage) =>
        string.Join("; ", StderrTail.Skip(Math.Max(0, StderrTail.Count - lines)));

    /// <summary>This run, or a <see cref="VideoProcessingException"/> quoting the last stderr lines when it failed.</summary>
    public ToolRun EnsureSucceeded()
    {
        if (Succeeded) return this;
        var summary = StderrSummary();
        throw new VideoProcessingException(summary.Length == 0
            ? $"{Tool} failed (exit code {ExitCode}) without saying why"
            : $"{Tool} failed (exit code {ExitCode}): {summary}");
    }

    /// <summary>A stderr line as a person should read it; empty when it says nothing.</summary>
    internal static string Readable(string line, IReadOnlyList<string> hiddenPaths)
    {
        var text = ComponentPrefix().Replace(line.Trim(), "");
        foreach (var path in hiddenPaths)
            if (path.Length > 0) text = text.Replace(path, Path.GetFileName(path), StringComparison.Ordinal);
        return text.Length > 400 ? text[..400] + "…" : text;
    }

    [GeneratedRegex(@"^(\[[^\]]+ @ 0x[0-9a-fA-F]+\]\s*)+")]
    private static partial Regex ComponentPrefix();
}
