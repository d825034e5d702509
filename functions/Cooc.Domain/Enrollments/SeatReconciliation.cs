namespace Cooc.Enrollments;

/// <summary>What a reconciliation pass decided: the counter's true values and the stale documents to settle.</summary>
public sealed record ReconciliationPlan(bool Busy, long Taken, long Waiting, IReadOnlyList<(Enrollment Enrollment, EnrollmentStatus NewStatus)> Settle)
{
    public static readonly ReconciliationPlan Wait = new(true, 0, 0, []);
}

/// <summary>
/// Repairs a course's seat counter after a crash between an enrollment write and its counter change. Deterministic:
/// the same documents always give the same plan. Documents unsettled for less than the grace period belong to
/// requests still in flight, so the pass waits for them rather than guessing. Stale Pending and Promoting documents
/// queue with the waitlist by request time: those within the free seats get one, the rest wait. Stale Withdrawing
/// documents are withdrawn. The counter then equals the number of Enrolled and Waitlisted documents.
/// </summary>
public static class SeatReconciliation
{
    public static ReconciliationPlan Plan(long capacity, IReadOnlyCollection<Enrollment> enrollments, DateTimeOffset now, TimeSpan grace)
    {
        if (enrollments.Any(e => !e.Settled && now - e.UpdatedAt < grace)) return ReconciliationPlan.Wait;

        var settle = new List<(Enrollment, EnrollmentStatus)>();
        var taken = enrollments.LongCount(e => e.Status == EnrollmentStatus.Enrolled);
        var free = Math.Max(0, capacity - taken);
        var queue = enrollments
            .Where(e => e.Status is EnrollmentStatus.Waitlisted or EnrollmentStatus.Pending or EnrollmentStatus.Promoting)
            .OrderBy(e => e.RequestedAt).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        long waiting = 0;
        for (var position = 0; position < queue.Count; position++)
        {
            var e = queue[position];
            if (e.Status == EnrollmentStatus.Waitlisted) { waiting++; continue; }
            if (position < free) { settle.Add((e, EnrollmentStatus.Enrolled)); taken++; }
            else { settle.Add((e, EnrollmentStatus.Waitlisted)); waiting++; }
        }
        foreach (var e in enrollments.Where(e => e.Status == EnrollmentStatus.Withdrawing))
            settle.Add((e, EnrollmentStatus.Withdrawn));
        return new ReconciliationPlan(false, taken, waiting, settle);
    }
}
