using System.Net;
using System.Text.RegularExpressions;
using Cooc.Functions.Video;
using Cooc.Functions.Video.Upload;
using Cooc.Ports;
using Cooc.Video;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Video;

/// <summary>The instructor's "upload" command against the real app: interrupted and resumed, retried, refused.</summary>
public sealed partial class UploadCommandTests(VideoApp app) : IClassFixture<VideoApp>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("cooc-upload-command-").FullName;
    private string StateFolder => Path.Combine(folder, "state");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task An_interrupted_upload_resumes_with_only_the_missing_blocks_and_the_lecture_becomes_ready()
    {
        var (courseId, lectureId) = await app.CreateLectureAsync();
        var video = await WriteAsync("lecture.mp4", await TestMedia.Mp4Async(854, 480, 10));
        using var stop = new CancellationTokenSource();
        var cut = new NetworkProbe { StopAfterBlocks = 2, Stop = stop.Cancel };

        var first = await RunAsync(cut, stop.Token, courseId, lectureId, video, "--parallel", "2");
        Assert.True(first.Exit == UploadCommand.Interrupted, first.ToString());
        var uploadId = OpenedUpload().Match(first.Output).Groups[1].Value;
        Assert.Contains($"run the same command again to resume upload {uploadId}", first.Errors);
        Assert.Single(Directory.GetFiles(StateFolder));
        var before = await (await app.SendAsync(HttpMethod.Get, $"/api/courses/{courseId}/lectures/{lectureId}/uploads/{uploadId}", app.Instructor)).ReadAsync<UploadView>();
        Assert.InRange(before.MissingBlocks.Count, 1, before.BlockCount - cut.BlocksStored);

        var network = new NetworkProbe();
        var second = await RunAsync(network, default, courseId, lectureId, video, "--wait");
        Assert.True(second.Exit == UploadCommand.Succeeded, second.ToString());
        var resumed = Regex.Match(second.Output, $@"resuming upload {uploadId}, (\d+) of (\d+) blocks already stored");
        Assert.True(resumed.Success, second.ToString());
        var (stored, total) = (int.Parse(resumed.Groups[1].Value), int.Parse(resumed.Groups[2].Value));
        Assert.Equal(before.BlockCount, total);
        Assert.InRange(stored, before.BlockCount - before.MissingBlocks.Count, total - 1); // a cut block may have landed since
        Assert.Equal(total - stored, network.BlocksStored); // only the missing blocks were sent, each once
        Assert.DoesNotContain("opened", second.Output);
        Assert.Matches(@"uploaded (\S+ \S+) of \1 \(100\.0%\)", second.Output);
        Assert.Contains("ready: ", second.Output);
        Assert.Empty(Directory.GetFiles(StateFolder)); // forgotten once complete

        var ready = await app.WaitForAsync(courseId, lectureId, v => v.Status is VideoStatus.Ready or VideoStatus.Failed);
        Assert.True(ready.Status == VideoStatus.Ready, ready.FailureReason);
        var source = await app.Services.GetRequiredService<IBlobStore>().GetInfoAsync(BlobContainers.Video, VideoBlobNames.Source(courseId, lectureId, uploadId));
        Assert.Equal(new FileInfo(video).Length, source?.Length);
    }

    [Fact]
    public async Task A_5xx_is_retried_a_refused_url_is_renewed_and_failed_packaging_is_reported()
    {
        var (courseId, lectureId) = await app.CreateLectureAsync();
        var slides = await WriteAsync("slides.mp4", System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("These are my slides.\n", 12000))));
        var network = new NetworkProbe { Faults = new([HttpStatusCode.ServiceUnavailable, HttpStatusCode.Forbidden]) };

        var run = await RunAsync(network, default, courseId, lectureId, slides, "--parallel", "1", "--wait");

        Assert.True(run.Exit == UploadCommand.Failed, run.ToString());
        Assert.Matches(@"block 0: 503 Service Unavailable: .*; retrying in \d+s \(attempt 2 of 8\)", run.Errors);
        var afterRefusal = network.Log.SkipWhile(line => line != "PUT block 403").Skip(1).First();
        Assert.Equal("GET upload", afterRefusal); // a fresh upload URL, then the block again
        var blockCount = (int)Math.Ceiling(new FileInfo(slides).Length / 65536.0);
        Assert.Equal(blockCount, network.BlocksStored);
        Assert.Contains("complete: 246.1 KiB stored, the lecture is Processing", run.Output);
        Assert.Contains("packaging failed: ", run.Errors);
        Assert.Contains("not a video", run.Errors);
    }

    [Fact]
    public async Task New_forces_a_new_upload_and_a_changed_file_starts_one()
    {
        var (courseId, lectureId) = await app.CreateLectureAsync();
        var file = await WriteAsync("intro.mp4", new byte[5 * 65536]);
        var interrupted = await InterruptAfterOneBlockAsync(courseId, lectureId, file);

        var forced = await RunAsync(new NetworkProbe(), default, courseId, lectureId, file, "--new");
        Assert.True(forced.Exit == UploadCommand.Succeeded, forced.ToString());
        Assert.DoesNotContain("resuming", forced.Output);
        Assert.NotEqual(interrupted, OpenedUpload().Match(forced.Output).Groups[1].Value);

        interrupted = await InterruptAfterOneBlockAsync(courseId, lectureId, file);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5));
        var changed = await RunAsync(new NetworkProbe(), default, courseId, lectureId, file);
        Assert.True(changed.Exit == UploadCommand.Succeeded, changed.ToString());
        Assert.Contains($"intro.mp4 changed since upload {interrupted} began", changed.Output);
        Assert.NotEqual(interrupted, OpenedUpload().Match(changed.Output).Groups[1].Value);
    }

    private async Task<string> InterruptAfterOneBlockAsync(string courseId, string lectureId, string file)
    {
        using var stop = new CancellationTokenSource();
        var run = await RunAsync(new NetworkProbe { StopAfterBlocks = 1, Stop = stop.Cancel }, stop.Token, courseId, lectureId, file, "--parallel", "1");
        Assert.True(run.Exit == UploadCommand.Interrupted, run.ToString());
        return OpenedUpload().Match(run.Output).Groups[1].Value;
    }

    [Fact]
    public async Task A_wrong_token_fails_with_the_servers_reason_and_sends_no_block()
    {
        var (courseId, lectureId) = await app.CreateLectureAsync();
        var file = await WriteAsync("intro.mp4", new byte[1000]);
        var network = new NetworkProbe();

        var run = await RunAsync(network, default, courseId, lectureId, file, "--token", "not-a-token");

        Assert.True(run.Exit == UploadCommand.Failed, run.ToString());
        Assert.Matches(@"upload failed: The server refused POST /api/courses/.*/uploads: 401 Unauthorized: Authentication required\. .+ Check --token", run.Errors);
        Assert.Equal(0, network.BlocksStored);
        Assert.False(Directory.Exists(StateFolder) && Directory.EnumerateFiles(StateFolder).Any());
    }

    [Theory]
    [InlineData("--file", "", "Option '--file' needs a value.")]
    [InlineData("--file", "missing.mp4", "There is no file")]
    [InlineData("--parallel", "0", "--parallel must be a whole number from 1 to 64, not '0'.")]
    [InlineData("--colour", "red", "Unknown option '--colour'.")]
    public async Task Wrong_arguments_say_what_is_wrong_and_print_usage(string option, string value, string message)
    {
        var file = await WriteAsync("intro.mp4", new byte[10]);
        var args = new List<string> { "upload", "--server", app.Client.BaseAddress!.ToString(), "--token", app.Instructor, "--course", "c", "--lecture", "l" };
        args.AddRange(option == "--file" ? [option, value == "" ? "" : Path.Combine(folder, value)] : ["--file", file, option, value]);
        var errors = new StringWriter();

        var exit = await UploadCommand.RunAsync([.. args], UploadConsole.Plain(new StringWriter(), errors), new NetworkProbe(), default);

        Assert.Equal(UploadCommand.BadArguments, exit);
        Assert.Contains(message, errors.ToString());
        Assert.Contains("usage: upload --course ID --lecture ID --file PATH", errors.ToString());
    }

    private async Task<string> WriteAsync(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }

    private async Task<CommandRun> RunAsync(NetworkProbe network, CancellationToken ct, string courseId, string lectureId, string file, params string[] options)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        string[] args = ["upload", "--server", app.Client.BaseAddress!.ToString(), "--token", app.Instructor, "--course", courseId,
            "--lecture", lectureId, "--file", file, "--state-dir", StateFolder, .. options];
        var exit = await UploadCommand.RunAsync(args, UploadConsole.Plain(output, errors), network, ct);
        return new CommandRun(exit, output.ToString(), errors.ToString());
    }

    [GeneratedRegex(@"upload (upl_[\w-]+) opened: ")]
    private static partial Regex OpenedUpload();

    private sealed record CommandRun(int Exit, string Output, string Errors)
    {
        public override string ToString() => $"exit {Exit}\n--- stdout\n{Output}--- stderr\n{Errors}";
    }

    /// <summary>The command's network: counts stored blocks, can stop the run after some, and can answer block PUTs with faults.</summary>
    private sealed class NetworkProbe() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int blocksStored;

        public int BlocksStored => Volatile.Read(ref blocksStored);
        public int StopAfterBlocks { get; init; } = int.MaxValue;
        public Action Stop { get; init; } = () => { };
        public Queue<HttpStatusCode> Faults { get; init; } = new();
        public List<string> Log { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var isBlock = request.Method == HttpMethod.Put && request.RequestUri!.Query.Contains("comp=block");
            var kind = isBlock ? "PUT block" : request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Contains("/uploads/") ? "GET upload" : $"{request.Method} api";
            HttpStatusCode? fault = null;
            if (isBlock) lock (Faults) fault = Faults.TryDequeue(out var status) ? status : null;
            var response = fault is { } injected
                ? new HttpResponseMessage(injected) { Content = new StringContent("injected"), RequestMessage = request }
                : await base.SendAsync(request, cancellationToken);
            lock (Log) Log.Add(isBlock ? $"{kind} {(int)response.StatusCode}" : kind);
            if (isBlock && response.IsSuccessStatusCode && Interlocked.Increment(ref blocksStored) == StopAfterBlocks) Stop();
            return response;
        }
    }
}
