using System.Diagnostics;
using Cooc.Assessment;
using Cooc.Assessment.Estimation;
using Cooc.Assessment.Grading;
using Cooc.Common;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// The reviewer model's fits of an assignment, one per rubric version (<see cref="ReviewerFitDocument"/> and its parts):
/// fitting over everything the assignment holds, storing, and the estimator for grading one submission at once.
/// </summary>
public sealed class ReviewerFitStore(IDocumentStore documents, AssessmentStore store, TimeProvider time)
{
    private const int MaxAttempts = 10;

    public Task<StoredDocument<ReviewerFitDocument>?> ReadAsync(string assignmentId, int rubricVersion, CancellationToken ct) =>
        store.ReadAsync<ReviewerFitDocument>(assignmentId, ReviewerFitDocument.IdFor(rubricVersion), ct);

    /// <summary>
    /// The estimator for a newly gradeable submission: the latest fit's parameters for its reviewers (only their parts
    /// are read), or the prior before any fit. Provisional unless the fit is the final one of the current reviews-due date.
    /// </summary>
    public async Task<FixedReviewerEstimator> EstimatorForAsync(Assignment assignment, int rubricVersion, IEnumerable<string> reviewerIds, CancellationToken ct)
    {
        var head = (await ReadAsync(assignment.AssignmentId, rubricVersion, ct))?.Value;
        if (head is null)
        {
            var rubric = assignment.Rubric(rubricVersion) ?? throw new ArgumentException($"No rubric version {rubricVersion}.", nameof(rubricVersion));
            return new FixedReviewerEstimator(ReviewerModelParameters.Prior(ReviewerModelEstimator.ScoresOf(new AssessmentData(rubric, [], []), false).Criteria));
        }
        var parts = await PartsAsync(head, reviewerIds.Select(head.PartOf).Distinct(), ct);
        return new FixedReviewerEstimator(ReviewerFitDocuments.ToParameters(head, parts), provisional: !head.IsFinalFor(assignment.Settings.ReviewsDueAt));
    }

    /// <summary>The given parts of a fit (all when none are named); a part missing (none of its reviewers) is skipped.</summary>
    public async Task<List<ReviewerFitPart>> PartsAsync(ReviewerFitDocument head, IEnumerable<int>? parts, CancellationToken ct)
    {
        var found = new List<ReviewerFitPart>();
        foreach (var part in parts ?? Enumerable.Range(0, head.Parts))
            if (await store.ReadAsync<ReviewerFitPart>(head.AssignmentId, head.PartId(part), ct) is { } stored) found.Add(stored.Value);
        return found;
    }

    /// <summary>
    /// Fits every rubric version that has reviews, over all the assignment's reviews, staff grades and calibration
    /// scores, and stores each fit. A version whose stored fit learned from the same basis is not fitted again (a final
    /// fit on the same basis only marks the stored one final). A stored final fit is never replaced by a later
    /// non-final one. Returns the stored fits by version.
    /// </summary>
    public async Task<Dictionary<int, ReviewerFitDocument>> FitAsync(Assignment assignment, bool final, CancellationToken ct)
    {
        var id = assignment.AssignmentId;
        var reviews = await store.QueryAllAsync<Review>(id, Review.DocumentKind, [], ct);
        var submissions = await store.QueryAllAsync<Submission>(id, Submission.DocumentKind, [], ct);
        var reviewers = await store.QueryAllAsync<ReviewerRecord>(id, ReviewerRecord.DocumentKind, [], ct);
        var fits = new Dictionary<int, ReviewerFitDocument>();
        foreach (var rubric in assignment.Rubrics)
        {
            var data = AssessmentDataBuilder.Build(rubric, reviews, submissions, assignment.CalibrationExamples, reviewers);
            var stored = await ReadAsync(id, rubric.Version, ct);
            if (data.Scores.Count == 0)
            {
                if (stored is not null) fits[rubric.Version] = stored.Value;
                continue;
            }
            var basis = new FitBasis(data.Scores.Count, data.Anchors.Count,
                reviews.Where(r => r.RubricVersion == rubric.Version).Select(r => (DateTimeOffset?)r.CompletedAt).Max());
            fits[rubric.Version] = await FitVersionAsync(assignment, rubric.Version, data, basis, stored, final, ct);
        }
        return fits;
    }

    private async Task<ReviewerFitDocument> FitVersionAsync(Assignment assignment, int version, AssessmentData data, FitBasis basis,
        StoredDocument<ReviewerFitDocument>? stored, bool final, CancellationToken ct)
    {
        var due = assignment.Settings.ReviewsDueAt;
        // A non-final fit never replaces a final one (after staff reopen reviews, the old final fit grades provisionally until the next).
        if (stored?.Value is { } current && (current.IsFinalFor(due) || (!final && (current.Final || current.SameBasis(basis)))))
            return current;
        if (stored?.Value is { } same && same.SameBasis(basis))
            return (await store.ChangeAsync<ReviewerFitDocument>(assignment.AssignmentId, same.Id,
                f => f.IsFinalFor(due) ? f : f with { Final = true, FinalFor = due }, ct)).Value!.Value;
        var watch = Stopwatch.StartNew();
        var fit = await Task.Run(() => new ReviewerModelEstimator().Fit(data), ct);
        var (head, parts) = ReviewerFitDocuments.From(assignment, version, fit.Parameters, Ids.New("fit"), basis, final,
            stored?.Value.FinalizeScheduledFor, time.GetUtcNow(), watch.Elapsed.TotalSeconds);
        foreach (var part in parts) await documents.UpsertAsync(Containers.Assessment, assignment.AssignmentId, part, null, ct);
        return await ReplaceHeadAsync(assignment, head, stored, ct);
    }

    /// <summary>Puts the new head in place of the one read (If-Match), then removes the old fit's parts; a non-final one loses to a final fit.</summary>
    private async Task<ReviewerFitDocument> ReplaceHeadAsync(Assignment assignment, ReviewerFitDocument head, StoredDocument<ReviewerFitDocument>? stored,
        CancellationToken ct)
    {
        var id = assignment.AssignmentId;
        for (var attempt = 1; ; attempt++)
        {
            if (stored?.Value is { Final: true } winner && !head.Final)
            {
                await DeletePartsAsync(head, ct);
                return winner;
            }
            var next = head with { FinalizeScheduledFor = stored?.Value.FinalizeScheduledFor ?? head.FinalizeScheduledFor };
            try
            {
                if (stored is null) await documents.CreateAsync(Containers.Assessment, id, next, ct);
                else await documents.ReplaceAsync(Containers.Assessment, id, next, stored.ETag, ct);
            }
            catch (Exception e) when (e is DocumentConflictException or DocumentPreconditionFailedException && attempt < MaxAttempts)
            {
                stored = await ReadAsync(id, head.RubricVersion, ct);
                continue;
            }
            if (stored is not null && stored.Value.FitId != next.FitId) await DeletePartsAsync(stored.Value, ct);
            return next;
        }
    }

    private async Task DeletePartsAsync(ReviewerFitDocument head, CancellationToken ct)
    {
        for (var part = 0; part < head.Parts; part++) await documents.DeleteAsync(Containers.Assessment, head.AssignmentId, head.PartId(part), null, ct);
    }
}
