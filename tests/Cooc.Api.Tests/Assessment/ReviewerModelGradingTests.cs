using System.Net;
using System.Text.Json;
using Cooc.Assessment;
using Cooc.Assessment.Estimation;
using Cooc.Completion;
using Cooc.Enrollments;
using Cooc.Functions.Assessment;
using Cooc.Functions.Courses;
using Cooc.Functions.Messaging;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Assessment;

/// <summary>
/// The app with a one-second debounce for the background fit, so a test sees it run, and finalization's recheck (and
/// its course progress refresh) ten seconds after a pass.
/// </summary>
public sealed class QuickFitApp() : CoocApp(["--Cooc:Assessment:ReviewerFit:Debounce", "00:00:01",
    "--Cooc:Assessment:ReviewerFit:FinalizationRecheck", $"00:00:{QuickFitApp.RecheckSeconds}"])
{
    public const int RecheckSeconds = 10;
}

/// <summary>
/// An assignment graded by the reviewer model, through HTTP and the grading queue: provisional grades at once, the
/// background fit and its review-quality scores for staff, then final grades when reviews close, once.
/// </summary>
public sealed class ReviewerModelGradingTests(QuickFitApp app) : IClassFixture<QuickFitApp>
{
    private const int Learners = 6;
    private const int Reviews = 2; // mustGrade = gradedBy

    private static string LearnerId(int i) => $"rm-learner-{i}";

    [Fact]
    public async Task Grades_are_provisional_until_reviews_close_then_finalized_once()
    {
        var steps = new AssessmentSteps(app, "reviewer-model-org");
        var assignment = await CreateAsync(steps);
        var id = assignment.AssignmentId;
        await steps.RequireForCompletionAsync(assignment);
        foreach (var i in Enumerable.Range(1, Learners))
        {
            await steps.EnrollAsync(assignment.CourseId, LearnerId(i));
            await steps.SubmitAsync(id, LearnerId(i), $"Essay #{i}");
        }
        await ReviewUntilNoneShortAsync(steps, id);

        var graded = await WaitForAsync(steps, id, all => all.All(s => s.Value.Grade is not null));
        Assert.All(graded, s => Assert.True(s.Value.Grade is { Provisional: true, Estimator: "reviewerModel", Source: GradeSource.Peers }, JsonOf(s.Value.Grade)));
        var counted = graded.ToDictionary(s => s.Value.Id, s => s.Value.Grade!.CountedReviewIds);

        // Staff see every reviewer's quality once the background fit ran; learners are refused.
        var report = await WaitForQualityAsync(steps, id);
        Assert.Equal(Enumerable.Range(1, Learners).Select(LearnerId).Order(), report.Reviewers.Select(r => r.ReviewerId).Order());
        Assert.All(report.Reviewers, r => Assert.InRange(r.ReviewQuality, 0, 1));
        Assert.False(report.Final);
        var refused = await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}/reviewers", steps.Learner(LearnerId(1)));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("reviewQuality", (await steps.MineAsync(id, LearnerId(1))).Json, StringComparison.OrdinalIgnoreCase);

        // A finalization message delivered before reviews are due fixes nothing (it is scheduled again for the date).
        var handler = app.Services.GetRequiredService<MessageHandlers>();
        var early = await SnapshotAsync(steps, id);
        var stored = (await app.Documents.ReadAsync<Assignment>(Containers.Assessment, id, id))!;
        var earlyBody = JsonSerializer.Serialize(new FinalizeGrades(id, stored.Value.Settings.ReviewsDueAt), DocumentJson.Options);
        await handler.HandleAsync(new ReceivedMessage(Queues.Grading, $"finalize-grades:{id}:early", earlyBody, GradeFinalization.Subject, 1, "lock",
            DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, 1), default);
        Assert.Equal(early, await SnapshotAsync(steps, id));

        // Reviews close: the stored due date moves to the past and the scheduled message comes.
        var now = DateTimeOffset.UtcNow;
        var closed = stored.Value with { Settings = stored.Value.Settings with { DueAt = now.AddSeconds(-2), ReviewsDueAt = now.AddSeconds(-1) } };
        await app.Documents.ReplaceAsync(Containers.Assessment, id, closed, stored.ETag);
        var body = JsonSerializer.Serialize(new FinalizeGrades(id, closed.Settings.ReviewsDueAt), DocumentJson.Options);
        var finalizeSent = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<IMessageQueue>().SendAsync(Queues.Grading,
            new OutgoingMessage($"finalize-grades:{id}:test", body, null, GradeFinalization.Subject));

        var final = await WaitForAsync(steps, id, all => all.All(s => s.Value.Grade is { Provisional: false }));
        Assert.All(final, s => Assert.Equal(counted[s.Value.Id], s.Value.Grade!.CountedReviewIds));
        Assert.All(final, s => Assert.Equal("reviewerModel", s.Value.Grade!.Estimator));
        var fit = (await app.Documents.ReadAsync<ReviewerFitDocument>(Containers.Assessment, id, ReviewerFitDocument.IdFor(1)))!.Value;
        Assert.True(fit.IsFinalFor(closed.Settings.ReviewsDueAt));
        Assert.True((await QualityAsync(steps, id)).Final);

        // A crash between a fixed, released grade and its author's progress refresh (as if that refresh never ran):
        // the refresh of the course the pass scheduled before fixing anything repairs it, without the learner.
        var author = final.First(s => s.Value.ReleasedAt is not null).Value.AuthorId;
        var counting = await WaitForProgressAsync(assignment.CourseId, author, p => p?.Items.Any(i => i.ItemId == id && i.Percent is not null) == true);
        var seat = (await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, assignment.CourseId, author))!;
        await app.Documents.ReplaceAsync(Containers.Enrollments, assignment.CourseId, seat.Value with { Progress = null }, seat.ETag);
        Assert.True(DateTimeOffset.UtcNow < finalizeSent.AddSeconds(QuickFitApp.RecheckSeconds),
            "the progress was cleared after the course refresh could have run: this machine was too slow for the check");
        var repaired = await WaitForProgressAsync(assignment.CourseId, author, p => p is not null);
        Assert.Equal(counting.Items, repaired.Items);

        // The same message again (a redelivery) changes nothing.
        var before = await SnapshotAsync(steps, id);
        await handler.HandleAsync(new ReceivedMessage(Queues.Grading, $"finalize-grades:{id}:test", body, GradeFinalization.Subject, 2, "lock",
            DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, 1), default);
        Assert.Equal(before, await SnapshotAsync(steps, id));
    }

    private async Task<AssignmentView> CreateAsync(AssessmentSteps steps)
    {
        var course = await Courses.CreatePublishedAsync(app, steps.Org);
        var withModule = await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/modules", steps.Instructor,
            new { title = AssessmentSteps.En("Week 1") })).ReadAsync<CourseView>(HttpStatusCode.Created);
        var settings = new
        {
            text = new { maxLength = 5000 }, opensAt = DateTimeOffset.UtcNow.AddHours(-1), dueAt = DateTimeOffset.UtcNow.AddDays(7),
            reviewsDueAt = DateTimeOffset.UtcNow.AddDays(14), mustGrade = Reviews, gradedBy = Reviews, estimator = "reviewerModel",
        };
        var input = new { moduleId = withModule.Modules[0].ModuleId, title = AssessmentSteps.En("Essay"), prompt = AssessmentSteps.En("Write."), settings, rubric = AssessmentSteps.Rubric() };
        return await (await app.SendAsync(HttpMethod.Post, $"/api/courses/{course.CourseId}/assignments", steps.Instructor, input)).ReadAsync<AssignmentView>(HttpStatusCode.Created);
    }

    /// <summary>Everyone reviews in rounds, then volunteers review what is still short; reviewer i is generous by i % 3 on ideas.</summary>
    private static async Task ReviewUntilNoneShortAsync(AssessmentSteps steps, string id)
    {
        var turns = Enumerable.Range(0, Reviews).SelectMany(_ => Enumerable.Range(1, Learners)).ToList();
        for (var volunteer = 0; ; volunteer++)
        {
            var i = volunteer < turns.Count ? turns[volunteer] : volunteer % Learners + 1;
            if (volunteer >= turns.Count && !(await steps.AllAsync<Submission>(id, Submission.DocumentKind)).Any(s => s.Value.CompletedReviews < Reviews)) return;
            Assert.True(volunteer < 200, "reviews never sufficed");
            var (claim, _) = await steps.ClaimAsync(id, LearnerId(i));
            if (!claim.Available) continue;
            await steps.ReviewAsync(id, LearnerId(i), claim.ReviewId!, AssessmentSteps.ReviewBody(Math.Min(3, 1 + i % 3), i % 3, 1));
        }
    }

    private static async Task<List<StoredDocument<Submission>>> WaitForAsync(AssessmentSteps steps, string id, Func<List<StoredDocument<Submission>>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var all = await steps.AllAsync<Submission>(id, Submission.DocumentKind);
            if (done(all)) return all;
            Assert.True(DateTime.UtcNow < deadline, string.Join("\n", all.Select(s => JsonOf(s.Value.Grade))));
            await Task.Delay(100);
        }
    }

    private async Task<CourseProgress> WaitForProgressAsync(string courseId, string learnerId, Func<CourseProgress?, bool> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(100))
        {
            var progress = (await app.Documents.ReadAsync<Enrollment>(Containers.Enrollments, courseId, learnerId))?.Value.Progress;
            if (done(progress)) return progress!;
            Assert.True(DateTime.UtcNow < deadline, $"progress of {learnerId}: {JsonOf(progress)}");
        }
    }

    private async Task<ReviewerQualityReport> QualityAsync(AssessmentSteps steps, string id) =>
        await (await app.SendAsync(HttpMethod.Get, $"/api/assignments/{id}/reviewers", steps.Instructor)).ReadAsync<ReviewerQualityReport>(HttpStatusCode.OK);

    /// <summary>Waits for a fit that learned from every review (3 criteria each), so no later fit writes anything.</summary>
    private async Task<ReviewerQualityReport> WaitForQualityAsync(AssessmentSteps steps, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var scores = 3 * (await steps.AllAsync<Review>(id, Review.DocumentKind)).Count;
        while (true)
        {
            var report = await QualityAsync(steps, id);
            var fit = await app.Documents.ReadAsync<ReviewerFitDocument>(Containers.Assessment, id, ReviewerFitDocument.IdFor(1));
            if (report.Reviewers.Count == Learners && fit?.Value.ScoreCount == scores) return report;
            Assert.True(DateTime.UtcNow < deadline, $"{report.Reviewers.Count} reviewers fitted, {fit?.Value.ScoreCount} of {scores} scores");
            await Task.Delay(200);
        }
    }

    private static async Task<string> SnapshotAsync(AssessmentSteps steps, string id)
    {
        var submissions = await steps.AllAsync<Submission>(id, Submission.DocumentKind);
        var fits = await steps.AllAsync<ReviewerFitDocument>(id, ReviewerFitDocument.DocumentKind);
        var parts = await steps.AllAsync<ReviewerFitPart>(id, ReviewerFitPart.DocumentKind);
        return string.Join(",", submissions.Concat<object>(fits).Concat(parts).Select(d => JsonOf(d)));
    }

    private static string JsonOf(object? value) => JsonSerializer.Serialize(value, DocumentJson.Options);
}
