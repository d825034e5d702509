namespace Cooc.Functions.Video.Upload;

/// <summary>
/// "upload --course C --lecture L --file lecture.mp4 [--server URL] [--token T] [--parallel N] [--new] [--wait]":
/// uploads a lecture's video in parallel blocks straight to blob storage, with a progress bar, and resumes where an
/// interrupted run stopped. Exit codes: 0 done, 1 failed (the reason on standard error), 2 bad arguments, 130 interrupted.
/// </summary>
public static class UploadCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    public const int Interrupted = 130;

    /// <summary>The command on this process's console and network; Ctrl+C stops it cleanly (a second Ctrl+C kills it).</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        using var interruption = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            if (interruption.IsCancellationRequested) return;
            e.Cancel = true;
            interruption.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        try
        {
            using var network = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = UploadOptions.MaxParallel + 2,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(30),
            };
            return await RunAsync(args, UploadConsole.ForThisProcess(), network, interruption.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    /// <summary>The command writing to <paramref name="console"/> and sending through <paramref name="network"/> (kept open).</summary>
    public static async Task<int> RunAsync(string[] args, UploadConsole console, HttpMessageHandler network, CancellationToken ct)
    {
        var (options, error) = UploadOptions.Parse(args, Environment.GetEnvironmentVariable);
        if (options is null)
        {
            console.Error(error!);
            console.Error(UploadOptions.Usage);
            return BadArguments;
        }
        using var http = new HttpClient(network, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("cooc-upload/1.0");
        var upload = new LectureUpload(options, console, http, TimeProvider.System);
        try
        {
            return await upload.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            console.Error(upload switch
            {
                { Completed: true } => "stopped waiting: the server goes on packaging the video",
                { Session: { } session } => $"interrupted: run the same command again to resume upload {session.UploadId} where it stopped",
                _ => "interrupted before the upload started",
            });
            return Interrupted;
        }
        catch (UploadFailedException e)
        {
            console.Error($"upload failed: {e.Message}");
            return Failed;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or TransientStatusException or OperationCanceledException)
        {
            var resume = upload.Session is { } session && !upload.Completed ? $" Run the same command again to resume upload {session.UploadId}." : "";
            console.Error($"upload failed: {RetryPolicy.Describe(e)}.{resume}");
            return Failed;
        }
    }
}
