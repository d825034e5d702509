using Cooc.Assessment;
using Cooc.Functions.Completion;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Records the release of a computed grade to its author (<see cref="GradeRelease"/>) and then refreshes the
/// author's course progress, which counts released grades only. Called after grading, after each review the author
/// completes, after their self-assessment and when they look at their submission. The write is one conditional patch
/// (<see cref="GradeRelease.AsPatch"/>), which counter patches meanwhile do not stop; a release already recorded is
/// not written again. A crash between the write and the refresh is repaired by
/// the redelivered grading message (refresh: true) or by the learner's next progress read, which refreshes too.
/// </summary>
public sealed class GradeReleases(IDocumentStore documents, AssessmentStore store, CourseCompletion completion, TimeProvider time)
{
    private const int MaxAttempts = 10;

    /// <summary>The submission after releasing its grade if due (null: there is none). refresh: refresh progress even if it was released before.</summary>
    public async Task<Submission?> SettleAsync(Assignment assignment, string submissionId, bool refresh, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await store.ReadAsync<Submission>(assignment.AssignmentId, submissionId, ct);
            if (stored is null) return null;
            var submission = stored.Value;
            if (submission.Grade is null) return submission;
            if (submission.ReleasedAt is not null)
            {
                if (refresh) await RefreshProgressAsync(assignment, submission, ct);
                return submission;
            }
            var completed = await CompletedByAsync(assignment, submission.AuthorId, ct);
            var others = await OtherSubmissionsAsync(assignment, submission.AuthorId, completed, ct);
            var released = GradeRelease.Release(assignment, submission, completed, others, time.GetUtcNow());
            if (ReferenceEquals(released, submission)) return submission;
            var (patch, when) = GradeRelease.AsPatch(submission, released);
            var written = await documents.PatchAsync<Submission>(Containers.Assessment, assignment.AssignmentId, submissionId, patch, when, ct);
            if (written is null) continue; // resubmitted or released meanwhile: decide again
            await RefreshProgressAsync(assignment, written.Value, ct);
            return written.Value;
        }
        throw new InvalidOperationException($"Submission {submissionId} changed under each of {MaxAttempts} attempts to release its grade.");
    }

    /// <summary>The completion hook: after a release, and after staff change a released grade.</summary>
    public Task RefreshProgressAsync(Assignment assignment, Submission submission, CancellationToken ct) =>
        completion.RefreshAsync(assignment.CourseId, submission.AuthorId, ct);

    public async Task<int> CompletedByAsync(Assignment assignment, string learnerId, CancellationToken ct) =>
        (await store.ReadAsync<ReviewerRecord>(assignment.AssignmentId, ReviewerRecord.IdFor(learnerId), ct))?.Value.ReviewsCompleted ?? 0;

    /// <summary>
    /// How many other learners submitted, when it matters for the debt (<see cref="GradeRelease.ReviewsOwed"/>):
    /// submissions closed and the author short of mustGrade. One page of at most mustGrade submissions; null otherwise.
    /// </summary>
    public async Task<int?> OtherSubmissionsAsync(Assignment assignment, string authorId, int authorCompleted, CancellationToken ct)
    {
        var mustGrade = assignment.Settings.MustGrade;
        if (authorCompleted >= mustGrade || !GradeRelease.SubmissionsClosed(assignment, time.GetUtcNow())) return null;
        var query = new DocumentQuery([Condition.Eq("kind", Submission.DocumentKind), Condition.Ne("authorId", authorId)], null, mustGrade);
        var page = await documents.QueryAsync<Submission>(Containers.Assessment, assignment.AssignmentId, query, ct);
        return page.ContinuationToken is null ? page.Items.Count : Math.Max(page.Items.Count, mustGrade);
    }
}
