using System.Diagnostics;
using System.Globalization;
using Cooc.CertificateLoad;
using Cooc.Certificates;
using Cooc.Functions.Certificates;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

var count = Option("--count", 1000);
var concurrency = Option("--concurrency", Environment.ProcessorCount);
var viaQueue = args.Contains("--queue");
Console.WriteLine($"certificates: {count} learners, concurrency {concurrency}, {Environment.ProcessorCount} cores, load before: {Load()}");

await using (var run = await IssuingRun.StartAsync(consumers: false, count + 20))
{
    var issuing = run.Services.GetRequiredService<CertificateIssuing>();
    for (var i = count; i < count + 20; i++) await issuing.IssueAsync(new IssueCertificate(IssuingRun.CourseId, IssuingRun.Learner(i), 1), default); // warm-up
    var latencies = new double[count];
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
    {
        var one = Stopwatch.StartNew();
        var result = await issuing.IssueAsync(new IssueCertificate(IssuingRun.CourseId, IssuingRun.Learner(i), 1), ct);
        if (result.Certificate?.Value.IsIssued != true) throw new InvalidOperationException($"Learner {i} was not certified.");
        latencies[i] = one.Elapsed.TotalMilliseconds;
    });
    var seconds = clock.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    var sample = (await run.Documents.ReadAsync<Certificate>(Containers.Certificates, Certificate.IdFor(IssuingRun.CourseId, IssuingRun.Learner(0)), Certificate.IdFor(IssuingRun.CourseId, IssuingRun.Learner(0))))!.Value;
    var pdf = (await run.Services.GetRequiredService<IBlobStore>().GetInfoAsync(BlobContainers.Certificates, sample.PdfBlob!))!.Length;
    Console.WriteLine($"issue (handler path: documents, status index, PDF, vc+jwt, 2 blob writes): {count / seconds,8:N1} certificates/s, "
        + $"p50 {latencies[count / 2]:N1} ms, p95 {latencies[count * 95 / 100]:N1} ms; PDF {pdf:N0} bytes, credential {sample.Credential!.Length:N0} bytes");
    Parts(run.Services, sample);
}

if (viaQueue)
{
    await using var run = await IssuingRun.StartAsync(consumers: true, count);
    var queue = run.Services.GetRequiredService<IMessageQueue>();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++) await queue.SendAsync(Queues.Certificates, new OutgoingMessage($"load:{i}", IssuingRun.Body(i)));
    var pending = Enumerable.Range(0, count).ToList();
    while (pending.Count > 0)
    {
        await Task.Delay(50);
        var left = new List<int>();
        foreach (var i in pending) if (!await run.IsIssuedAsync(i)) left.Add(i);
        pending = left;
        if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"{pending.Count} certificates not issued after 5 minutes.");
    }
    Console.WriteLine($"through the queue (send {count} messages, consumers issue, all seen issued): {count / clock.Elapsed.TotalSeconds,8:N1} certificates/s");
}
Console.WriteLine($"load after: {Load()}");

// The two CPU-heavy parts alone, on one thread.
static void Parts(IServiceProvider services, Certificate sample)
{
    var signer = services.GetRequiredService<CredentialSigner>();
    var url = services.GetRequiredService<CertificateLinks>().Urls.Verification(sample.VerificationCode);
    const int n = 200;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < n; i++) CertificatePdf.Render(sample, "load-org", url);
    var pdf = clock.Elapsed.TotalMilliseconds / n;
    clock.Restart();
    for (var i = 0; i < n; i++) signer.SignCredential(sample);
    var sign = clock.Elapsed.TotalMilliseconds / n;
    Console.WriteLine($"one thread: PDF render {pdf:N2} ms ({1000 / pdf:N0}/s), credential build + ES256 sign {sign:N3} ms ({1000 / sign:N0}/s)");
}

int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
