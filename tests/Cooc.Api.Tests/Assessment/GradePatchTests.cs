using Cooc.Assessment;
using Cooc.Ports;

namespace Cooc.Api.Tests.Assessment;

/// <summary>
/// The grade and its release are written as conditional patches (<see cref="PeerGrading.AsPatch"/>,
/// <see cref="GradeRelease.AsPatch"/>) on the app's own store: counter patches in between do not stop them, a
/// resubmission or an earlier grade or release does, and counters changed meanwhile survive.
/// </summary>
public sealed class GradePatchTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task Grade_and_release_patches_hold_across_counter_changes_and_only_once()
    {
        var steps = new AssessmentSteps(app, "grade-patch-org");
        var assignment = await steps.CreateAssignmentAsync(mustGrade: 1, gradedBy: 1);
        var id = assignment.AssignmentId;
        await steps.EnrollAsync(assignment.CourseId, "ann");
        await steps.SubmitAsync(id, "ann", "ann's essay");
        var read = (await app.Documents.ReadAsync<Submission>(Containers.Assessment, id, Submission.IdFor("ann")))!.Value;

        // A counter patch after the grader's read (a claim, a completed review or a flag would do the same).
        await app.Documents.IncrementAsync<Submission>(Containers.Assessment, id, read.Id, [new Increment(SubmissionCounters.FlagCount, 1)]);
        var now = DateTimeOffset.UtcNow;
        var grade = new SubmissionGrade(GradeSource.Peers, "median", [], 4, 10, 0, 4, ["rev-1"], null, null, now);
        var (gradePatch, gradeWhen) = PeerGrading.AsPatch(read, PeerGrading.Apply(read, grade, now));
        var (staleRevision, staleWhen) = PeerGrading.AsPatch(read with { Revision = read.Revision + 1 }, PeerGrading.Apply(read, grade, now));

        Assert.Null(await app.Documents.PatchAsync<Submission>(Containers.Assessment, id, read.Id, staleRevision, staleWhen));
        var graded = await app.Documents.PatchAsync<Submission>(Containers.Assessment, id, read.Id, gradePatch, gradeWhen);
        Assert.NotNull(graded);
        Assert.Equal((SubmissionStatus.Graded, 4.0, 4.0, 1), (graded.Value.Status, graded.Value.Grade!.Points, graded.Value.PeerGrade!.Points, graded.Value.FlagCount));
        Assert.Equal(["rev-1"], graded.Value.Grade.CountedReviewIds);
        Assert.Null(await app.Documents.PatchAsync<Submission>(Containers.Assessment, id, read.Id, gradePatch, gradeWhen)); // graded once

        await app.Documents.IncrementAsync<Submission>(Containers.Assessment, id, read.Id, [new Increment(SubmissionCounters.FlagCount, 1)]);
        var (releasePatch, releaseWhen) = GradeRelease.AsPatch(graded.Value, graded.Value with { ReleasedAt = now, UpdatedAt = now });
        var released = await app.Documents.PatchAsync<Submission>(Containers.Assessment, id, read.Id, releasePatch, releaseWhen);
        Assert.NotNull(released);
        Assert.Equal((now, 2, SubmissionStatus.Graded), (released.Value.ReleasedAt, released.Value.FlagCount, released.Value.Status));
        Assert.Null(await app.Documents.PatchAsync<Submission>(Containers.Assessment, id, read.Id, releasePatch, releaseWhen)); // released once
    }
}
