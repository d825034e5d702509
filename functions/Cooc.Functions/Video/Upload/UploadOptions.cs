namespace Cooc.Functions.Video.Upload;

/// <summary>The upload command's arguments, checked: <see cref="Parse"/> gives the options or the reason they are wrong.</summary>
public sealed record UploadOptions(Uri Server, string Token, string CourseId, string LectureId, FileInfo File, string ContentType,
    int Parallel, bool StartNew, bool Wait, string StateFolder)
{
    public const int DefaultParallel = 4;
    public const int MaxParallel = 64;
    public const string DefaultServer = "http://localhost:7071";

    public static readonly string Usage =
        "usage: upload --course ID --lecture ID --file PATH [--server URL] [--token TOKEN] [--parallel N] [--new] [--wait]\n" +
        "              [--content-type TYPE] [--state-dir DIR]\n" +
        $"  --server     the Cooc API's origin (default {DefaultServer}, or COOC_SERVER)\n" +
        "  --token      an instructor's bearer token (or COOC_TOKEN)\n" +
        $"  --parallel   blocks uploaded at once (default {DefaultParallel})\n" +
        "  --new        start a new upload even if an earlier one of this file can be resumed\n" +
        "  --wait       after uploading, wait until the lecture is packaged (Ready or Failed)\n" +
        "  --state-dir  where resume state is kept (default: the user's config folder, cooc/uploads)";

    /// <summary>The options, or null and a message saying what is wrong. <paramref name="args"/> starts with "upload".</summary>
    public static (UploadOptions? Options, string? Error) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        string? server = environment("COOC_SERVER"), token = environment("COOC_TOKEN"), course = null, lecture = null, file = null;
        string? contentType = null, stateFolder = null;
        var parallel = DefaultParallel;
        bool startNew = false, wait = false;
        for (var i = args.Count > 0 && args[0] == "upload" ? 1 : 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option is "--new") { startNew = true; continue; }
            if (option is "--wait") { wait = true; continue; }
            if (option is not ("--server" or "--token" or "--course" or "--lecture" or "--file" or "--parallel" or "--content-type" or "--state-dir"))
                return (null, $"Unknown option '{option}'.");
            if (i + 1 >= args.Count || string.IsNullOrWhiteSpace(args[i + 1]))
                return (null, $"Option '{option}' needs a value.");
            var value = args[++i];
            switch (option)
            {
                case "--server": server = value; break;
                case "--token": token = value; break;
                case "--course": course = value; break;
                case "--lecture": lecture = value; break;
                case "--file": file = value; break;
                case "--content-type": contentType = value; break;
                case "--state-dir": stateFolder = value; break;
                case "--parallel" when int.TryParse(value, out var n) && n is >= 1 and <= MaxParallel: parallel = n; break;
                case "--parallel": return (null, $"--parallel must be a whole number from 1 to {MaxParallel}, not '{value}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(course)) return (null, "Give the course with --course ID.");
        if (string.IsNullOrWhiteSpace(lecture)) return (null, "Give the lecture with --lecture ID.");
        if (string.IsNullOrWhiteSpace(file)) return (null, "Give the video to upload with --file PATH.");
        if (string.IsNullOrWhiteSpace(token)) return (null, "Give an instructor's token with --token TOKEN (or set COOC_TOKEN).");
        if (!Uri.TryCreate(string.IsNullOrWhiteSpace(server) ? DefaultServer : server, UriKind.Absolute, out var serverUri)
            || serverUri.Scheme is not ("http" or "https"))
            return (null, $"--server must be an http or https URL such as {DefaultServer}, not '{server}'.");
        var video = new FileInfo(Path.GetFullPath(file));
        if (Directory.Exists(video.FullName)) return (null, $"'{video.FullName}' is a folder: give the video file.");
        if (!video.Exists) return (null, $"There is no file '{video.FullName}'.");
        if (video.Length == 0) return (null, $"'{video.FullName}' is empty.");
        return (new UploadOptions(ApiOrigin(serverUri), token.Trim(), course.Trim(), lecture.Trim(), video, contentType ?? ContentTypeOf(video.Name),
            parallel, startNew, wait, Path.GetFullPath(stateFolder ?? DefaultStateFolder())), null);
    }

    /// <summary>The server's origin and base path without a trailing "/api" (both forms are accepted).</summary>
    private static Uri ApiOrigin(Uri server)
    {
        var text = server.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (text.EndsWith("/api", StringComparison.OrdinalIgnoreCase)) text = text[..^4];
        return new Uri(text + "/");
    }

    /// <summary>~/.config/cooc/uploads on Linux and macOS, %APPDATA%\cooc\uploads on Windows.</summary>
    public static string DefaultStateFolder()
    {
        var config = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(string.IsNullOrEmpty(config) ? Path.GetTempPath() : config, "cooc", "uploads");
    }

    private static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".mp4" => "video/mp4",
        ".m4v" => "video/x-m4v",
        ".mov" => "video/quicktime",
        ".mkv" => "video/x-matroska",
        ".webm" => "video/webm",
        ".avi" => "video/x-msvideo",
        ".mpg" or ".mpeg" => "video/mpeg",
        _ => "application/octet-stream",
    };
}
