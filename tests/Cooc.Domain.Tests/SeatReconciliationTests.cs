using Cooc.Enrollments;

namespace Cooc.Domain.Tests;

public sealed class SeatReconciliationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private static Enrollment E(string id, EnrollmentStatus status, int requestedMinutesAgo, int updatedMinutesAgo = 60) =>
        new(id, "c1", "acme", "acme", status, EnrollmentSource.Self, null, null, Now.AddMinutes(-requestedMinutesAgo), null, Now.AddMinutes(-updatedMinutesAgo));

    [Theory]
    //          capacity, statuses (by request order),                 taken, waiting, settled as
    [InlineData(3, "enrolled,pending,pending", 3, 0, "enrolled,enrolled")]
    [InlineData(2, "enrolled,pending,pending", 2, 1, "enrolled,waitlisted")]
    [InlineData(1, "enrolled,withdrawing,pending", 1, 1, "waitlisted,withdrawn")]
    [InlineData(2, "enrolled,waitlisted,pending", 1, 2, "waitlisted")]
    [InlineData(3, "waitlisted,promoting,pending", 2, 1, "enrolled,enrolled")]
    [InlineData(1, "waitlisted,promoting,pending", 0, 3, "waitlisted,waitlisted")]
    [InlineData(5, "enrolled,enrolled,withdrawn", 2, 0, "")]
    public void Stale_transitions_are_settled_in_request_order(long capacity, string statuses, long taken, long waiting, string settledAs)
    {
        var enrollments = statuses.Split(',').Select((s, i) => E($"l{i}", Enum.Parse<EnrollmentStatus>(s, true), 100 - i)).ToList();
        var plan = SeatReconciliation.Plan(capacity, enrollments, Now, Grace);
        Assert.False(plan.Busy);
        Assert.Equal((taken, waiting), (plan.Taken, plan.Waiting));
        var expected = settledAs.Length == 0 ? [] : settledAs.Split(',').Select(s => Enum.Parse<EnrollmentStatus>(s, true));
        Assert.Equal(expected, plan.Settle.Select(s => s.NewStatus));
    }

    [Fact]
    public void A_transition_younger_than_the_grace_period_makes_the_pass_wait()
    {
        var plan = SeatReconciliation.Plan(10, [E("a", EnrollmentStatus.Enrolled, 5), E("b", EnrollmentStatus.Pending, 1, updatedMinutesAgo: 0)], Now, Grace);
        Assert.True(plan.Busy);
    }

    [Fact]
    public void The_same_documents_in_any_order_give_the_same_plan()
    {
        var enrollments = Enumerable.Range(0, 20).Select(i => E($"l{i:00}", i % 3 == 0 ? EnrollmentStatus.Pending : EnrollmentStatus.Waitlisted, 100 - i)).ToList();
        var a = SeatReconciliation.Plan(4, enrollments, Now, Grace);
        var b = SeatReconciliation.Plan(4, enrollments.AsEnumerable().Reverse().ToList(), Now, Grace);
        Assert.Equal(a.Settle.Select(s => (s.Enrollment.Id, s.NewStatus)), b.Settle.Select(s => (s.Enrollment.Id, s.NewStatus)));
        Assert.Equal((a.Taken, a.Waiting), (b.Taken, b.Waiting));
    }
}
