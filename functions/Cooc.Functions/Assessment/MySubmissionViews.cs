using Cooc.Assessment;

namespace Cooc.Functions.Assessment;

/// <summary>The author's view of their own submission (<see cref="MySubmissionView"/>): status, what they sent and, once released, the reviews.</summary>
public sealed class MySubmissionViews(AssessmentStore store, GradeReleases releases, TimeProvider time)
{
    /// <summary>The author's view of their submission (also after a self-assessment).</summary>
    public async Task<MySubmissionView> ViewAsync(Assignment assignment, Submission submission, CancellationToken ct)
    {
        var completed = await releases.CompletedByAsync(assignment, submission.AuthorId, ct);
        var others = await releases.OtherSubmissionsAsync(assignment, submission.AuthorId, completed, ct);
        var reviews = VisibilityRules.CanSeeOwnGrade(submission) ? VisibilityRules.ForAuthor(submission, await store.ReviewsOfAsync(submission, ct)) : [];
        return new MySubmissionView(submission.Id, VisibilityRules.StatusFor(assignment, submission, completed, time.GetUtcNow(), others), submission.Text,
            submission.Files.Select(f => new SubmittedFileView(f.FileName, f.ContentType, f.Size, f.BlobName)).ToList(), reviews);
    }
}
