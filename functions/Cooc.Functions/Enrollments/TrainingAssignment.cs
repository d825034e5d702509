using System.Diagnostics;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Functions.Enrollments;

/// <summary>
/// A manager enrolls a list of learners in one call. New learners queue in list order: the first ones get the free
/// seats (claimed with one conditional increment), the rest are waitlisted. Learners already in the course keep
/// their place and get the assignment's source and due date.
/// </summary>
public sealed class TrainingAssignment(IDocumentStore documents, SeatBooking booking, ReconciliationSchedule schedule,
    Completion.CourseProgressRefresh refresh, TimeProvider time)
{
    private const int MaxSettleWaits = 150; // 3 s of 20 ms waits...
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(3); // ...and never longer in all, however slow the reads

    public async Task<AssignmentReport> AssignAsync(Caller manager, Course course, IReadOnlyList<string> learners, DateTimeOffset? dueDate, CancellationToken ct)
    {
        await schedule.TouchAsync(course.CourseId, ct);
        var now = time.GetUtcNow();
        // Unfinished learners become overdue at the due date without any event of their own: recompute them then.
        if (dueDate is { } due) await refresh.RequestAtDueDateAsync(course.CourseId, due.ToUniversalTime(), now, ct);
        var outcomes = new AssignmentOutcome?[learners.Count];
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < learners.Count; i++)
            if (!first.TryAdd(learners[i], i)) outcomes[i] = new AssignmentOutcome(learners[i], AssignmentResult.Duplicate, EnrollmentStatus.Pending);

        // Step 1: a pending enrollment for every new learner; request times follow the list so the waitlist keeps its order.
        var pending = new StoredDocument<Enrollment>?[learners.Count];
        await Parallel.ForEachAsync(first.Values, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (i, token) =>
        {
            var requestedAt = now.AddTicks(i);
            var fresh = SeatBooking.NewPending(course, learners[i], manager.OrganizationId, requestedAt, EnrollmentSource.Assigned, manager.UserId, dueDate) with { UpdatedAt = now };
            var waiting = Stopwatch.StartNew();
            for (var attempt = 0; outcomes[i] is null && pending[i] is null; attempt++)
            {
                var existing = await documents.ReadAsync<Enrollment>(Containers.Enrollments, course.CourseId, learners[i], token);
                try
                {
                    if (existing is null) pending[i] = await booking.CreatePendingAsync(fresh, token);
                    else if (existing.Value.LearnerOrganizationId != manager.OrganizationId)
                        outcomes[i] = new AssignmentOutcome(learners[i], AssignmentResult.IdTaken, EnrollmentStatus.Pending);
                    else if (existing.Value.Status == EnrollmentStatus.Withdrawn)
                    {
                        pending[i] = await documents.ReplaceAsync(Containers.Enrollments, course.CourseId, fresh, existing.ETag, token);
                        await booking.ListForLearnerAsync(fresh, token);
                    }
                    else if (existing.Value.Settled) outcomes[i] = await ReassignAsync(existing, manager, dueDate, token);
                    else if (attempt < MaxSettleWaits && waiting.Elapsed < SettleWait) await Task.Delay(20, token); // another request is settling this learner
                    else
                    {
                        // Left unsettled by a crash: the reconciliation pass decides it; the report says so.
                        await schedule.RequestFullPassAsync(course.CourseId, token);
                        outcomes[i] = new AssignmentOutcome(learners[i], AssignmentResult.InProgress, existing.Value.Status);
                    }
                }
                catch (Exception e) when (e is DocumentConflictException or DocumentPreconditionFailedException) { }
            }
        });

        // Step 2: seats for the first of them, waitlist for the rest, all settled.
        var order = Enumerable.Range(0, learners.Count).Where(i => pending[i] is not null).ToList();
        var (settled, seated) = await booking.ClaimSeatsAsync(course, order.Select(i => pending[i]!).ToList(), ct);
        for (var k = 0; k < order.Count; k++)
            outcomes[order[k]] = new AssignmentOutcome(learners[order[k]], k < seated ? AssignmentResult.Enrolled : AssignmentResult.Waitlisted, settled[k].Value.Status);

        var all = outcomes.Select(o => o!).ToList();
        return new AssignmentReport(all.Count(o => o.Result == AssignmentResult.Enrolled), all.Count(o => o.Result == AssignmentResult.Waitlisted),
            all.Count(o => o.Result is AssignmentResult.AlreadyEnrolled or AssignmentResult.AlreadyWaitlisted), all);
    }

    private async Task<AssignmentOutcome> ReassignAsync(StoredDocument<Enrollment> existing, Caller manager, DateTimeOffset? dueDate, CancellationToken ct)
    {
        var e = existing.Value;
        var updated = e with { Source = EnrollmentSource.Assigned, AssignedBy = manager.UserId, DueDate = dueDate?.ToUniversalTime() ?? e.DueDate, UpdatedAt = time.GetUtcNow() };
        await documents.ReplaceAsync(Containers.Enrollments, e.CourseId, updated, existing.ETag, ct);
        return new AssignmentOutcome(e.LearnerId, e.HoldsSeat ? AssignmentResult.AlreadyEnrolled : AssignmentResult.AlreadyWaitlisted, e.Status);
    }
}
