namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// ffmpeg and ffprobe, found from <see cref="VideoToolOptions"/> (a path, or a name looked up on PATH) or on PATH.
/// When either is missing, <see cref="Available"/> is false and running one throws a
/// <see cref="VideoProcessingException"/> saying what to install; the app then serves uploads progressively.
/// </summary>
public sealed class FfmpegTools
{
    public const string InstallHint = "install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg), or deploy static ffmpeg and ffprobe binaries "
        + "with the app and set Cooc:Video:FfmpegPath and Cooc:Video:FfprobePath to them (docs/video-ffmpeg.md)";

    public FfmpegTools(VideoToolOptions options)
    {
        Options = options;
        FfmpegPath = Runnable(Locate(options.FfmpegPath, "ffmpeg"), options.TempPath);
        FfprobePath = Runnable(Locate(options.FfprobePath, "ffprobe"), options.TempPath);
    }

    public VideoToolOptions Options { get; }
    public string? FfmpegPath { get; }
    public string? FfprobePath { get; }
    public bool Available => FfmpegPath is not null && FfprobePath is not null;

    /// <summary>Runs ffmpeg in workingDirectory (relative output names resolve there); ToolRun.ExitCode says how it went.</summary>
    public Task<ToolRun> RunFfmpegAsync(IReadOnlyList<string> arguments, string? workingDirectory, IReadOnlyList<string> hiddenPaths,
        CancellationToken cancellationToken) =>
        ToolProcess.RunAsync("ffmpeg", FfmpegPath ?? throw Missing("ffmpeg"), arguments,
            new ToolRunSettings(workingDirectory, StderrLinesKept: Options.StderrLinesKept, HiddenPaths: hiddenPaths), cancellationToken);

    /// <summary>Runs ffprobe; its standard output is captured (up to 4 MB) unless onOutputLine takes it line by line.</summary>
    public Task<ToolRun> RunFfprobeAsync(IReadOnlyList<string> arguments, Action<string>? onOutputLine, IReadOnlyList<string> hiddenPaths,
        CancellationToken cancellationToken) =>
        ToolProcess.RunAsync("ffprobe", FfprobePath ?? throw Missing("ffprobe"), arguments,
            new ToolRunSettings(OnOutputLine: onOutputLine, StderrLinesKept: Options.StderrLinesKept, HiddenPaths: hiddenPaths), cancellationToken);

    /// <summary>
    /// The full path of a tool: configured as a path (absolute, or relative to the app's folder, then to the current
    /// folder; used if the file exists), configured as a bare name, or by its default name, looked up in the PATH folders
    /// (with ".exe" on Windows); null when not found. A configured file may lack its execute bit (a zip deployment
    /// drops it): see <see cref="Runnable"/>.
    /// </summary>
    public static string? Locate(string? configured, string defaultName)
    {
        var name = string.IsNullOrWhiteSpace(configured) ? defaultName : configured.Trim();
        if (name.IndexOfAny(['/', '\\']) >= 0)
            return new[] { Path.Combine(AppContext.BaseDirectory, name), name }.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
        var candidates = OperatingSystem.IsWindows() && !name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? [name + ".exe", name] : new[] { name };
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders
            .SelectMany(folder => candidates.Select(candidate => Path.Combine(folder.Trim('"'), candidate)))
            .FirstOrDefault(IsExecutable);
    }

    /// <summary>
    /// The tool itself when it may be executed; otherwise (a static binary deployed in a zip package, which keeps no
    /// file modes, on a read-only mount) a copy in tempFolder marked executable. Null when neither works.
    /// </summary>
    private static string? Runnable(string? path, string tempFolder)
    {
        if (path is null || IsExecutable(path)) return path;
        try
        {
            var copy = Path.Combine(tempFolder, "tools", Path.GetFileName(path));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            if (!File.Exists(copy) || new FileInfo(copy).Length != new FileInfo(path).Length) File.Copy(path, copy, overwrite: true);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                    | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            return copy;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }

    private static VideoProcessingException Missing(string tool) => new($"{tool} was not found: {InstallHint}");
}
