using System.Text.Json;
using Cooc.Assessment;
using Cooc.Assessment.Estimation;
using Cooc.Assessment.Grading;
using Cooc.Functions.Completion;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// The grading-queue message (Subject "FinalizeGrades") that fixes provisional grades once reviews close. Recheck marks
/// the follow-up pass a first pass schedules.
/// </summary>
public sealed record FinalizeGrades(string AssignmentId, DateTimeOffset ReviewsDueAt, bool Recheck = false);

/// <summary>
/// Final grades when reviews close (the assignment's ReviewsDueAt), once: the reviewer model is fitted one last time
/// over everything and stored as final (<see cref="ReviewerFitStore.FitAsync"/>; a redelivery finds it final and does
/// not refit), then every submission whose peer grade is still provisional is graded again from the same counted
/// reviews with the final parameters (<see cref="PeerGrading.Finalize"/>), each with a replace on its ETag. The
/// submissions are found by query (peerGrade.provisional = true) and drop out of it as they are fixed, so a crash at
/// any point resumes where it stopped, and a redelivered or repeated message finds nothing left and writes nothing.
/// Grades computed after this use the final fit and are final at once; one recheck pass a few minutes later catches a
/// grade that was being computed with the earlier fit while this ran. A message delivered early, or for a date the
/// staff have since moved, is rescheduled for the current date. A fixed grade already released to its author
/// refreshes the author's course progress, which does not count provisional grades; a pass that finds grades to fix
/// first schedules a refresh of the whole course's progress for FinalizationRecheck later, so a crash between a fixed
/// grade and its author's refresh is repaired without the learner.
/// </summary>
public sealed class GradeFinalization(IDocumentStore documents, AssessmentStore store, ReviewerFitStore fits, GradeReleases releases,
    CourseProgressRefresh progress, IMessageQueue queue, ReviewerFitOptions options, TimeProvider time)
{
    public const string Subject = nameof(FinalizeGrades);
    private const int PageSize = 250;
    private const int MaxAttempts = 10;
    private static readonly IGradeEstimator Median = new MedianEstimator();

    /// <summary>Schedules the finalization for the assignment's reviews-due date, once per date (recorded on its latest fit).</summary>
    public async Task ScheduleAsync(Assignment assignment, IReadOnlyDictionary<int, ReviewerFitDocument> stored, CancellationToken ct)
    {
        var due = assignment.Settings.ReviewsDueAt;
        if (stored.Count == 0 || stored.Values.Any(f => f.FinalizeScheduledFor == due)) return;
        await SendAsync(new FinalizeGrades(assignment.AssignmentId, due), due, $"finalize-grades:{assignment.AssignmentId}:{due.UtcTicks}", ct);
        await store.ChangeAsync<ReviewerFitDocument>(assignment.AssignmentId, ReviewerFitDocument.IdFor(stored.Keys.Max()),
            f => f.FinalizeScheduledFor == due ? f : f with { FinalizeScheduledFor = due }, ct);
    }

    /// <summary>Returns how many grades this pass fixed.</summary>
    public async Task<int> FinalizeAsync(FinalizeGrades request, CancellationToken ct)
    {
        var assignment = (await store.ReadAsync<Assignment>(request.AssignmentId, request.AssignmentId, ct))?.Value;
        if (assignment is null) return 0;
        var due = assignment.Settings.ReviewsDueAt;
        if (time.GetUtcNow() < due)
        {
            await SendAsync(new FinalizeGrades(assignment.AssignmentId, due), due, $"finalize-grades:{assignment.AssignmentId}:{due.UtcTicks}", ct);
            return 0;
        }
        var finalFits = await fits.FitAsync(assignment, final: true, ct);
        var estimators = new Dictionary<int, IGradeEstimator>();
        // Every review at once (one paged query), rather than a point read per counted review.
        var reviews = (await store.QueryAllAsync<Review>(assignment.AssignmentId, Review.DocumentKind, [], ct)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var finalized = 0;
        string? token = null;
        do
        {
            // Keyset pages in id order: a fixed submission leaves the filter without moving the pages after it.
            var page = await documents.QueryAsync<Submission>(Containers.Assessment, assignment.AssignmentId, new DocumentQuery(
                [Condition.Eq("kind", Submission.DocumentKind), Condition.Eq("peerGrade.provisional", true)], null, PageSize, token), ct);
            if (token is null && page.Items.Count > 0)
                // Before any grade is fixed: a refresh of every seat holder's progress a little later, which repairs a
                // crash between fixing a released grade and refreshing its author's progress (FinalizeOneAsync).
                await progress.RequestAtDueDateAsync(assignment.CourseId, time.GetUtcNow() + options.FinalizationRecheck, time.GetUtcNow(), ct);
            foreach (var version in page.Items.Select(s => s.Value.RubricVersion).Distinct().Where(v => !estimators.ContainsKey(v)))
                estimators[version] = await FinalEstimatorAsync(assignment, finalFits.GetValueOrDefault(version), ct);
            // A page's submissions are independent documents: fixed concurrently (the store commits them in groups).
            var done = await Task.WhenAll(page.Items.Select(s => FinalizeOneAsync(assignment, s, estimators[s.Value.RubricVersion], reviews, ct)));
            finalized += done.Count(d => d);
            token = page.ContinuationToken;
        } while (token is not null);
        if (!request.Recheck || finalized > 0)
            await SendAsync(request with { ReviewsDueAt = due, Recheck = true }, time.GetUtcNow() + options.FinalizationRecheck,
                $"finalize-grades:{assignment.AssignmentId}:{due.UtcTicks}:recheck:{time.GetUtcNow().UtcTicks}", ct);
        return finalized;
    }

    /// <summary>The median for median assignments; else the final fit's parameters (all reviewers), or the prior without a fit.</summary>
    private async Task<IGradeEstimator> FinalEstimatorAsync(Assignment assignment, ReviewerFitDocument? fit, CancellationToken ct)
    {
        if (assignment.Settings.Estimator == EstimatorKind.Median) return Median;
        if (fit is null) return new FixedReviewerEstimator((await fits.EstimatorForAsync(assignment, assignment.CurrentRubric.Version, [], ct)).Parameters, provisional: false);
        return new FixedReviewerEstimator(ReviewerFitDocuments.ToParameters(fit, await fits.PartsAsync(fit, null, ct)), provisional: false);
    }

    private async Task<bool> FinalizeOneAsync(Assignment assignment, StoredDocument<Submission>? stored, IGradeEstimator estimator,
        IReadOnlyDictionary<string, Review> reviews, CancellationToken ct)
    {
        for (var attempt = 1; stored is not null; attempt++)
        {
            if (stored.Value.PeerGrade is not { Provisional: true } grade) return false;
            var counted = new List<Review>();
            foreach (var reviewId in grade.CountedReviewIds.Distinct())
                if ((reviews.GetValueOrDefault(reviewId) ?? (await store.ReadAsync<Review>(assignment.AssignmentId, reviewId, ct))?.Value) is { } review)
                    counted.Add(review);
            var next = PeerGrading.Finalize(assignment, stored.Value, counted, estimator, time.GetUtcNow());
            try
            {
                await documents.ReplaceAsync(Containers.Assessment, assignment.AssignmentId, next, stored.ETag, ct);
                // A released grade now counts toward course progress. A crash before this refresh is repaired by the
                // course's refresh FinalizeAsync scheduled, or sooner by the learner's next progress read.
                if (next.ReleasedAt is not null) await releases.RefreshProgressAsync(assignment, next, ct);
                return true;
            }
            catch (DocumentPreconditionFailedException) when (attempt < MaxAttempts)
            {
                stored = await store.ReadAsync<Submission>(assignment.AssignmentId, stored.Value.Id, ct);
            }
        }
        return false;
    }

    private Task SendAsync(FinalizeGrades message, DateTimeOffset at, string messageId, CancellationToken ct) =>
        queue.SendAsync(Queues.Grading, new OutgoingMessage(messageId, JsonSerializer.Serialize(message, DocumentJson.Options), at, Subject), ct);
}
