using Cooc.Video;

namespace Cooc.Functions.Video.Upload;

/// <summary>
/// One run of the upload command: resume the session remembered for this file (or open one), put the missing blocks,
/// check that none is missing any more, complete, forget the resume state, and optionally wait for packaging.
/// </summary>
public sealed class LectureUpload(UploadOptions options, UploadConsole console, HttpClient http, TimeProvider time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly RetryPolicy retry = new(console, time);
    private readonly ResumeStateStore states = new(options.StateFolder);
    private readonly UploadTarget target = new(options.Server, options.CourseId, options.LectureId, options.File.FullName);
    private UploadApiClient? api;

    private UploadApiClient Api => api ??= new(http, options.Server, options.Token, retry);

    /// <summary>The session being uploaded, once known: named when the run is interrupted.</summary>
    public UploadView? Session { get; private set; }

    /// <summary>Whether the upload was completed (the run may still be waiting for packaging).</summary>
    public bool Completed { get; private set; }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var file = options.File;
        file.Refresh();
        var (size, lastWrite) = (file.Length, file.LastWriteTimeUtc);
        Session = await ResumeAsync(file, ct) ?? await OpenAsync(file, ct);
        for (var round = 1; Session.Status == "open" && Session.MissingBlocks.Count > 0; round++)
        {
            if (round > 2)
                throw new UploadFailedException($"{Session.MissingBlocks.Count} blocks are still missing after sending them twice. Run the command again.");
            await UploadBlocksAsync(file, Session, ct);
            Session = await ReadSessionAsync(ct);
        }
        file.Refresh();
        if (file.Length != size || file.LastWriteTimeUtc != lastWrite)
            throw new UploadFailedException($"{file.Name} changed during the upload. Run the command again to upload it anew.");

        var video = await Api.CompleteAsync(options.CourseId, options.LectureId, Session.UploadId, ct);
        Completed = true;
        states.Forget(target);
        console.Info($"upload {Session.UploadId} complete: {TransferText.Bytes(Session.Size)} stored, the lecture is {video.Status}");
        if (!options.Wait)
        {
            console.Info($"the server packages the video now; follow it with --wait or GET /api/courses/{options.CourseId}/lectures/{options.LectureId}");
            return 0;
        }
        return await WaitForPackagingAsync(ct);
    }

    /// <summary>The remembered session of this same file, if the server still has it open (or already completed).</summary>
    private async Task<UploadView?> ResumeAsync(FileInfo file, CancellationToken ct)
    {
        if (options.StartNew)
        {
            states.Forget(target);
            return null;
        }
        if (states.Find(target) is not { } state) return null;
        if (!state.DescribesSameFile(file))
        {
            console.Info($"{file.Name} changed since upload {state.UploadId} began (size or modification time): starting a new upload");
            return null;
        }
        var session = await Api.FindAsync(options.CourseId, options.LectureId, state.UploadId, ct);
        if (session is null || session.Size != file.Length)
        {
            console.Info($"the server no longer has upload {state.UploadId}: starting a new upload");
            return null;
        }
        if (session.Status == "expired")
        {
            console.Info($"upload {state.UploadId} expired at {session.ExpiresAt:u}: starting a new upload");
            return null;
        }
        var stored = session.BlockCount - session.MissingBlocks.Count;
        console.Info($"resuming upload {session.UploadId}, {stored} of {session.BlockCount} blocks already stored " +
            $"({TransferText.Bytes(session.Size - MissingBytes(session))} of {TransferText.Bytes(session.Size)})");
        return session;
    }

    private async Task<UploadView> OpenAsync(FileInfo file, CancellationToken ct)
    {
        var session = await Api.OpenAsync(options.CourseId, options.LectureId, new OpenUpload(file.Name, file.Length, options.ContentType), ct);
        states.Save(new ResumeState(options.Server.AbsoluteUri, options.CourseId, options.LectureId, file.FullName, file.Length,
            file.LastWriteTimeUtc, session.UploadId, time.GetUtcNow()));
        console.Info($"upload {session.UploadId} opened: {file.Name}, {TransferText.Bytes(session.Size)} in {session.BlockCount} blocks of " +
            $"{TransferText.Bytes(session.BlockSize)}, {options.Parallel} at a time (resume state: {states.Folder})");
        return session;
    }

    private async Task UploadBlocksAsync(FileInfo file, UploadView session, CancellationToken ct)
    {
        var blocks = BlockIndexes(session);
        var meter = new TransferMeter(session.Size, session.Size - MissingBytes(session), time);
        var urls = new UploadUrlSource(session.UploadUrl, ReadSessionAsync);
        var uploader = new BlockUploader(http, urls, retry, meter, options.Parallel);
        await ProgressDisplay.ShowAsync(console, file.Name, meter, () => uploader.UploadAsync(file, session, blocks, ct));
    }

    private async Task<UploadView> ReadSessionAsync(CancellationToken ct) =>
        await Api.FindAsync(options.CourseId, options.LectureId, Session!.UploadId, ct)
        ?? throw new UploadFailedException($"The server no longer has upload {Session.UploadId}. Run the command again to start a new upload.");

    private async Task<int> WaitForPackagingAsync(CancellationToken ct)
    {
        console.Info("waiting for the server to package the video (Ctrl+C stops waiting, not the packaging)");
        while (true)
        {
            var video = await Api.GetLectureAsync(options.CourseId, options.LectureId, ct);
            if (video.Status == VideoStatus.Ready)
            {
                console.Info($"ready: {video.DurationSeconds ?? 0:0.0} s, renditions {string.Join(", ", video.Renditions)}" +
                    (video.Progressive ? " (progressive MP4)" : ""));
                return 0;
            }
            if (video.Status == VideoStatus.Failed)
            {
                console.Error($"packaging failed: {video.FailureReason}");
                return 1;
            }
            await Task.Delay(PollInterval, time, ct);
        }
    }

    /// <summary>The file order indexes of the session's missing blocks.</summary>
    private static List<int> BlockIndexes(UploadView session)
    {
        var indexOf = Enumerable.Range(0, session.BlockCount).ToDictionary(UploadRules.BlockId);
        return session.MissingBlocks.Select(id => indexOf.TryGetValue(id, out var index) ? index
            : throw new UploadFailedException($"The server listed a block '{id}' that this command does not know: is it a newer server?")).ToList();
    }

    private static long MissingBytes(UploadView session) =>
        BlockIndexes(session).Sum(i => Math.Min(session.BlockSize, session.Size - (long)i * session.BlockSize));
}
