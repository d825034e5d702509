using Cooc.Common;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Functions.Enrollments;

/// <summary>
/// The seat protocol. Every seat change is: write the enrollment in a transition state (Pending, Promoting,
/// Withdrawing), change the counter atomically and conditionally, then settle the enrollment. A crash in between
/// leaves an unsettled document that <see cref="SeatReconciler"/> finds and repairs.
/// </summary>
public sealed class SeatBooking(IDocumentStore documents, SeatCounters counters, ReconciliationSchedule schedule, TimeProvider time)
{
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(3);

    public async Task<Outcome<StoredDocument<Enrollment>>> SelfEnrollAsync(Caller caller, Course course, CancellationToken ct)
    {
        await schedule.TouchAsync(course.CourseId, ct);
        var fresh = NewPending(course, caller.UserId, caller.OrganizationId, time.GetUtcNow()) with { LearnerName = caller.Name };
        while (true)
        {
            StoredDocument<Enrollment> pending;
            try
            {
                // Most enrollments are new: try the create first and read only when the learner is already known.
                pending = await CreatePendingAsync(fresh, ct);
            }
            catch (DocumentConflictException)
            {
                var existing = await documents.ReadAsync<Enrollment>(Containers.Enrollments, course.CourseId, caller.UserId, ct);
                if (existing is null) continue; // withdrawn and deleted in between: try again
                // Subjects are unique per issuer, not per organization: never show or take over another organization's learner.
                if (existing.Value.LearnerOrganizationId != caller.OrganizationId)
                    return Refusal.Conflict("This learner id is taken in this course.", "Another organization's learner uses the same id.");
                if (existing.Value.Settled && existing.Value.Status != EnrollmentStatus.Withdrawn)
                    return existing; // already enrolled or waitlisted: a retry takes no second seat
                if (!existing.Value.Settled) return await WaitUntilSettledAsync(existing, ct);
                try
                {
                    fresh = NewPending(course, caller.UserId, caller.OrganizationId, time.GetUtcNow()) with { LearnerName = caller.Name ?? existing.Value.LearnerName };
                    pending = await documents.ReplaceAsync(Containers.Enrollments, course.CourseId, fresh, existing.ETag, ct);
                    await ListForLearnerAsync(fresh, ct); // normally there since the first enrollment; cheap to make sure
                }
                catch (DocumentPreconditionFailedException) { continue; }
            }

            var (settled, _) = await ClaimSeatsAsync(course, [pending], ct);
            return settled[0];
        }
    }

    /// <summary>
    /// Gives seats to the pending enrollments in their order, as far as free seats go (one conditional increment
    /// for all of them), waitlists the rest, settles each document and updates the learners' own views.
    /// </summary>
    public async Task<(IReadOnlyList<StoredDocument<Enrollment>> Settled, int Seated)> ClaimSeatsAsync(
        Course course, IReadOnlyList<StoredDocument<Enrollment>> pending, CancellationToken ct)
    {
        var seated = await counters.TakeSeatsAsync(course, pending.Count, ct);
        if (seated < pending.Count)
            await counters.ChangeAsync(course, [new Increment("waiting", pending.Count - seated)], ct);

        var now = time.GetUtcNow();
        var settled = new StoredDocument<Enrollment>[pending.Count];
        async Task SettleOneAsync(int i, CancellationToken token)
        {
            var e = pending[i].Value;
            var final = i < seated
                ? e with { Status = EnrollmentStatus.Enrolled, EnrolledAt = now, UpdatedAt = now }
                : e with { Status = EnrollmentStatus.Waitlisted, UpdatedAt = now };
            settled[i] = await SettleAsync(pending[i], final, token);
        }
        if (pending.Count == 1) await SettleOneAsync(0, ct); // a self-enrollment: no parallel loop to set up
        else
            await Parallel.ForEachAsync(Enumerable.Range(0, pending.Count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct },
                async (i, token) => await SettleOneAsync(i, token));
        if (seated < pending.Count) await PromoteAsync(course, ct); // seats may be free while others wait ahead
        return (settled, seated);
    }

    public async Task<Outcome<StoredDocument<Enrollment>>> WithdrawAsync(Course course, string learnerId, CancellationToken ct)
    {
        while (true)
        {
            var existing = await documents.ReadAsync<Enrollment>(Containers.Enrollments, course.CourseId, learnerId, ct);
            if (existing is null || existing.Value.Status == EnrollmentStatus.Withdrawn) return Refusal.NotFound("Enrollment");
            if (!existing.Value.Settled && !(await WaitUntilSettledAsync(existing, ct)).Value.Settled)
                return Refusal.Conflict("Your enrollment is being changed.", "A change left unfinished is being repaired; try again in a minute.");
            if (!existing.Value.Settled) continue;
            var now = time.GetUtcNow();
            StoredDocument<Enrollment> withdrawing;
            try
            {
                withdrawing = await documents.ReplaceAsync(Containers.Enrollments, course.CourseId,
                    existing.Value with { Status = EnrollmentStatus.Withdrawing, UpdatedAt = now }, existing.ETag, ct);
            }
            catch (DocumentPreconditionFailedException) { continue; }
            var heldSeat = existing.Value.HoldsSeat;
            await counters.ChangeAsync(course, heldSeat ? SeatRules.ReleaseSeat : SeatRules.LeaveWaitlist, ct);
            var done = await SettleAsync(withdrawing, withdrawing.Value with { Status = EnrollmentStatus.Withdrawn, UpdatedAt = time.GetUtcNow() }, ct);
            if (heldSeat) await PromoteAsync(course, ct);
            return done;
        }
    }

    /// <summary>Moves learners from the head of the waitlist to free seats, in request order.</summary>
    public async Task PromoteAsync(Course course, CancellationToken ct)
    {
        for (var round = 0; round < 1000; round++)
        {
            var counter = await counters.ReadAsync(course, ct);
            if (counter.Value.Waiting <= 0 || !counter.Value.HasFreeSeat) return;
            var head = await documents.QueryAsync<Enrollment>(Containers.Enrollments, course.CourseId, new DocumentQuery(
                [Condition.Eq("status", EnrollmentStatus.Waitlisted)], [new SortKey("requestedAt")], PageSize: 1), ct);
            if (head.Items.Count == 0) { await schedule.RequestFullPassAsync(course.CourseId, ct); return; } // counter drifted
            var now = time.GetUtcNow();
            StoredDocument<Enrollment> promoting;
            try
            {
                promoting = await documents.ReplaceAsync(Containers.Enrollments, course.CourseId,
                    head.Items[0].Value with { Status = EnrollmentStatus.Promoting, UpdatedAt = now }, head.Items[0].ETag, ct);
            }
            catch (DocumentPreconditionFailedException) { continue; } // the learner withdrew, or another promoter took them
            var promoted = await documents.IncrementAsync<SeatCounter>(Containers.Courses, course.CourseId, SeatCounter.DocumentId,
                SeatRules.PromoteOne, SeatRules.PromoteWhen, ct);
            var status = promoted is null ? EnrollmentStatus.Waitlisted : EnrollmentStatus.Enrolled;
            await SettleAsync(promoting, promoting.Value with { Status = status, EnrolledAt = promoted is null ? null : now, UpdatedAt = now }, ct);
            if (promoted is null) return;
        }
    }

    public async Task SyncCapacityAsync(Course course, CancellationToken ct)
    {
        if (await counters.SetCapacityAsync(course, ct)) await PromoteAsync(course, ct);
    }

    /// <summary>Creates a new pending enrollment and, in the same group commit, the learner's "my courses" entry.</summary>
    public async Task<StoredDocument<Enrollment>> CreatePendingAsync(Enrollment pending, CancellationToken ct)
    {
        var created = documents.CreateAsync(Containers.Enrollments, pending.CourseId, pending, ct);
        var listed = ListForLearnerAsync(pending, ct);
        await Task.WhenAll(created, listed);
        return created.Result;
    }

    public async Task ListForLearnerAsync(Enrollment enrollment, CancellationToken ct)
    {
        try { await documents.CreateAsync(Containers.Learners, enrollment.LearnerId, LearnerCourse.From(enrollment), ct); }
        catch (DocumentConflictException) { } // listed by an earlier enrollment in this course
    }

    private async Task<StoredDocument<Enrollment>> SettleAsync(StoredDocument<Enrollment> transition, Enrollment final, CancellationToken ct)
    {
        try
        {
            return await documents.ReplaceAsync(Containers.Enrollments, final.CourseId, final, transition.ETag, ct);
        }
        catch (DocumentPreconditionFailedException)
        {
            // Only a reconciliation pass touches an unsettled document, after its grace period: its decision stands.
            return (await documents.ReadAsync<Enrollment>(Containers.Enrollments, final.CourseId, final.Id, ct))!;
        }
    }

    /// <summary>Another request is mid-way through this enrollment: wait for it briefly; if it stays unsettled, ask for a reconciliation pass.</summary>
    private async Task<StoredDocument<Enrollment>> WaitUntilSettledAsync(StoredDocument<Enrollment> current, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + SettleWait;
        while (!current.Value.Settled && time.GetUtcNow() < deadline)
        {
            await Task.Delay(20, ct);
            current = await documents.ReadAsync<Enrollment>(Containers.Enrollments, current.Value.CourseId, current.Value.Id, ct) ?? current;
        }
        if (!current.Value.Settled) await schedule.RequestFullPassAsync(current.Value.CourseId, ct);
        return current;
    }

    public static Enrollment NewPending(Course course, string learnerId, string learnerOrganizationId, DateTimeOffset now,
        EnrollmentSource source = EnrollmentSource.Self, string? assignedBy = null, DateTimeOffset? dueDate = null) =>
        new(learnerId, course.CourseId, course.OrganizationId, learnerOrganizationId, EnrollmentStatus.Pending, source,
            assignedBy, dueDate?.ToUniversalTime(), now, null, now);
}
