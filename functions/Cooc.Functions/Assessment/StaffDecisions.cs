using Cooc.Assessment;
using Cooc.Common;
using Cooc.Ports;

namespace Cooc.Functions.Assessment;

/// <summary>
/// Stores a staff decision on a submission (<see cref="StaffRules"/>: a staff grade or an appeal's resolution): the
/// audit entry first (the same id on a retry, so a change is never in force without its record), then the submission,
/// a replace with the ETag it was decided from (a concurrent change: read and decide again). Staff grades are
/// released at once, so the author's course progress is refreshed after each decision (<see cref="GradeReleases"/>).
/// </summary>
public sealed class StaffDecisions(IDocumentStore documents, AssessmentStore store, GradeReleases releases)
{
    private const string SubmissionPrefix = "submission:";
    private const int MaxAttempts = 5;

    /// <summary>"submission:{authorId}" with a valid author id: the only shape a submission id has.</summary>
    public static bool IsSubmissionId(string submissionId) =>
        submissionId.StartsWith(SubmissionPrefix, StringComparison.Ordinal) && Ids.IsValid(submissionId[SubmissionPrefix.Length..]);

    public async Task<Outcome<StaffDecision>> ApplyAsync(Assignment assignment, string submissionId,
        Func<Submission, string, Outcome<StaffDecision>> decide, CancellationToken ct)
    {
        var auditId = Ids.New("aud");
        for (var attempt = 1; ; attempt++)
        {
            var stored = IsSubmissionId(submissionId) ? await store.ReadAsync<Submission>(assignment.AssignmentId, submissionId, ct) : null;
            if (stored is null) return Refusal.NotFound("Submission");
            var decision = decide(stored.Value, auditId);
            if (decision.Refusal is not null) return decision;
            await documents.UpsertAsync(Containers.Assessment, assignment.AssignmentId, decision.Value!.Audit, null, ct);
            try
            {
                await documents.ReplaceAsync(Containers.Assessment, assignment.AssignmentId, decision.Value.Submission, stored.ETag, ct);
            }
            catch (DocumentPreconditionFailedException) when (attempt < MaxAttempts) { continue; }
            await releases.RefreshProgressAsync(assignment, decision.Value.Submission, ct);
            return decision;
        }
    }
}
