using Cooc.Assessment;
using Cooc.Common;
using Cooc.Functions.Storage;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Reads and writes in one assignment's partition of the assessment container (every query stays in it), with the
/// optimistic-concurrency change loop: read, decide (a pure transition), replace with If-Match, and on a concurrent
/// change read and decide again. A decision that changes nothing writes nothing.
/// </summary>
public sealed class AssessmentStore(IDocumentStore documents, TimeProvider time)
{
    private const int PageSize = 500;

    public Task<StoredDocument<T>?> ReadAsync<T>(string assignmentId, string id, CancellationToken ct) where T : IDocument =>
        documents.ReadAsync<T>(Containers.Assessment, assignmentId, id, ct);

    /// <summary>Every document of one kind matching the conditions, all pages.</summary>
    public async Task<List<T>> QueryAllAsync<T>(string assignmentId, string kind, IEnumerable<Condition> where, CancellationToken ct) where T : IDocument
    {
        var all = new List<T>();
        var query = new DocumentQuery([Condition.Eq("kind", kind), .. where], null, PageSize);
        do
        {
            var page = await documents.QueryAsync<T>(Containers.Assessment, assignmentId, query, ct);
            all.AddRange(page.Items.Select(i => i.Value));
            query = query with { ContinuationToken = page.ContinuationToken };
        } while (query.ContinuationToken is not null);
        return all;
    }

    /// <summary>The completed reviews of the submission's current revision.</summary>
    public Task<List<Review>> ReviewsOfAsync(Submission submission, CancellationToken ct) =>
        QueryAllAsync<Review>(submission.AssignmentId, Review.DocumentKind,
            [Condition.Eq("submissionId", submission.Id), Condition.Eq("submissionRevision", submission.Revision)], ct);

    /// <summary>How many reviews the learner has completed in the assignment: their review documents, which are never removed.</summary>
    public async Task<int> ReviewsCompletedAsync(string assignmentId, string learnerId, CancellationToken ct) =>
        (await QueryAllAsync<Review>(assignmentId, Review.DocumentKind, [Condition.Eq("reviewerId", learnerId)], ct)).Count;

    /// <summary>
    /// Brings the learner's reviewer record up to the count of their review documents (created if missing). Raising it
    /// to the count, instead of adding one per review, makes the step safe to repeat and repairs a count a crash left
    /// behind; a record already up to date is not written.
    /// </summary>
    public async Task<ReviewerRecord> RecountReviewerAsync(Assignment assignment, string learnerId, CancellationToken ct)
    {
        var completed = await ReviewsCompletedAsync(assignment.AssignmentId, learnerId, ct);
        var id = ReviewerRecord.IdFor(learnerId);
        var changed = await ChangeAsync<ReviewerRecord>(assignment.AssignmentId, id,
            () => ReviewerRecord.New(assignment.AssignmentId, assignment.OrganizationId, learnerId, time.GetUtcNow()),
            r => r.ReviewsCompleted >= completed ? r : r with { ReviewsCompleted = completed, UpdatedAt = time.GetUtcNow() }, ct);
        return changed.Value!.Value;
    }

    /// <summary>
    /// Sets the submission's FlagCount to the number of open flags on its revision. A count rather than +1/-1, so a
    /// crash between a flag's write and this step is repaired by the next flag, repeat or resolution. It always
    /// writes, on the ETag it read before counting: of concurrent recounts the last to succeed counted last.
    /// </summary>
    public async Task RecountFlagsAsync(string assignmentId, string submissionId, int revision, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await ReadAsync<Submission>(assignmentId, submissionId, ct);
            if (stored is null || stored.Value.Revision != revision) return;
            var open = (await QueryAllAsync<Flag>(assignmentId, Flag.DocumentKind, [Condition.Eq("target", FlagTarget.Submission),
                Condition.Eq("submissionId", submissionId), Condition.Eq("submissionRevision", revision), Condition.Eq("status", FlagStatus.Open)], ct)).Count;
            try
            {
                await documents.ReplaceAsync(Containers.Assessment, assignmentId, stored.Value with { FlagCount = open }, stored.ETag, ct);
                return;
            }
            catch (DocumentPreconditionFailedException) when (attempt < 10) { }
        }
    }

    /// <summary>The shared change loop (<see cref="DocumentChanges"/>) in this assignment's partition.</summary>
    public Task<Outcome<StoredDocument<T>>> ChangeAsync<T>(string assignmentId, string id, Func<T>? create, Func<T, Outcome<T>> decide,
        CancellationToken ct) where T : class, IDocument =>
        documents.ChangeAsync(Containers.Assessment, assignmentId, id, create, decide, ct);

    public Task<Outcome<StoredDocument<T>>> ChangeAsync<T>(string assignmentId, string id, Func<T, Outcome<T>> decide, CancellationToken ct)
        where T : class, IDocument => ChangeAsync(assignmentId, id, null, decide, ct);
}
