using System.Text.Json;
using Cooc.Certificates;
using Cooc.Completion;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Functions.Hosting;
using Cooc.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cooc.CertificateLoad;

/// <summary>One standalone app on a fresh data folder, with a published course and passed learners to certify.</summary>
public sealed class IssuingRun : IAsyncDisposable
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "cert-load-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplication app;

    private IssuingRun(bool consumers)
    {
        app = StandaloneApp.Build(["--urls", "http://127.0.0.1:0", "--Cooc:DataPath", dataPath, "--Cooc:RunConsumers", consumers.ToString(), "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning"],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
    }

    public const string CourseId = "crs_load";
    public IServiceProvider Services => app.Services;
    public IDocumentStore Documents => Services.GetRequiredService<IDocumentStore>();

    public static async Task<IssuingRun> StartAsync(bool consumers, int learners)
    {
        var run = new IssuingRun(consumers);
        await run.app.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await run.Documents.UpsertAsync(Containers.Courses, CourseId, new Course(CourseId, CourseId, "load-org", "en",
            new Dictionary<string, string> { ["en"] = "Workplace safety and first aid" }, new Dictionary<string, string> { ["en"] = "Stay safe at work." },
            [], null, null, null, CourseVisibility.Organization, CourseStatus.Published, "ines", now, now, now));
        await Parallel.ForEachAsync(Enumerable.Range(0, learners), async (i, ct) =>
        {
            var progress = new CourseProgress(CompletionState.Passed, 80 + i % 20, 70, 4, 4, [], 1, null, now, now);
            await run.Documents.UpsertAsync(Containers.Enrollments, CourseId, new Enrollment(Learner(i), CourseId, "load-org", "load-org",
                EnrollmentStatus.Enrolled, EnrollmentSource.Self, null, null, now, now, now, $"Learner Nummer {i} Ødegård", progress), null, ct);
        });
        return run;
    }

    public static string Learner(int i) => $"learner-{i:D6}";

    public static string Body(int i) => JsonSerializer.Serialize(new IssueCertificate(CourseId, Learner(i), 1), DocumentJson.Options);

    public async Task<bool> IsIssuedAsync(int i)
    {
        var id = Certificate.IdFor(CourseId, Learner(i));
        return (await Documents.ReadAsync<Certificate>(Containers.Certificates, id, id))?.Value.IsIssued == true;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
    }
}
