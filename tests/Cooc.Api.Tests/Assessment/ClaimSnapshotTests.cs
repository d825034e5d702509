using Cooc.Assessment;
using Cooc.Courses;
using Cooc.Functions.Assessment;
using Cooc.Identity;

namespace Cooc.Api.Tests.Assessment;

/// <summary>The claim list shared by concurrent claims (<see cref="ClaimSnapshot"/>) and the holds on free places (<see cref="TakesInFlight"/>), without the app.</summary>
public sealed class ClaimSnapshotTests
{
    private static readonly DateTimeOffset Opens = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Opens.AddDays(3);
    private static readonly ClaimOptions Options = ClaimOptions.Default; // starving after 24 hours without a review

    private static Dictionary<string, string> En(string text) => new() { ["en"] = text };

    private static readonly Assignment Assignment = AssignmentRules.Create(
        new Course("c1", "c1", "acme", "en", En("Course"), [], [new CourseModule("m1", En("Week 1"), [])], null, null, null,
            CourseVisibility.Organization, CourseStatus.Published, "ines", Opens, Opens, Opens),
        new AssignmentInput("m1", En("Essay"), En("Write."),
            new AssignmentSettingsInput(new TextSubmissionInput(1000), null, Opens, Opens.AddDays(7), Opens.AddDays(21), 5, 3),
            new RubricInput([new CriterionInput("ideas", En("Ideas"), null, [new OptionInput(En("0"), 0, null), new OptionInput(En("1"), 1, null)])])),
        "a1", new Caller("ines", "acme", new HashSet<Role> { Role.Instructor }), Opens.AddDays(-1)).Value!;

    /// <summary>author's submission, submitted hoursBeforeNow ago, with its counters.</summary>
    private static Submission Of(string author, double hoursBeforeNow, int completed = 0, int active = 0, params string[] reviewers) =>
        new(Submission.IdFor(author), "a1", "c1", "acme", author, 1, 1, "text", [], Now.AddHours(-hoursBeforeNow), false, 0, active, 0, completed,
            [.. reviewers], SubmissionStatus.Waiting, null, null, null, null, 0, Now.AddHours(-hoursBeforeNow));

    private static string[] Authors(IEnumerable<Submission> slice) => slice.Select(s => s.AuthorId).ToArray();

    [Fact]
    public void Slices_put_every_starving_entry_first_then_keep_the_list_order_and_leave_out_own_and_reviewed_work()
    {
        // Oldest first, as read: "old" has a review (not starving), "hungry" and "famished" waited over 24 hours without one.
        var snapshot = new ClaimSnapshot(Assignment, [Of("old", 50, completed: 1), Of("hungry", 30), Of("me", 20), Of("seen", 10, 0, 1, "me"),
            Of("a", 5), Of("b", 4), Of("c", 3), Of("famished", 25)], null, Now);

        var slices = snapshot.ForReviewer("me", Now, Options, size: 2).Select(Authors).ToList();

        Assert.Equal([["hungry", "famished", "old", "a"], ["b", "c"]], slices);
    }

    [Fact]
    public void Nothing_eligible_is_one_empty_slice_and_a_slice_is_made_from_the_entries_as_they_are_when_asked_for()
    {
        Assert.Equal([[]], new ClaimSnapshot(Assignment, [Of("me", 5)], null, Now).ForReviewer("me", Now, Options, 2).Select(Authors));

        var snapshot = new ClaimSnapshot(Assignment, [Of("a", 5), Of("b", 4), Of("c", 3), Of("d", 2)], null, Now);
        using var slices = snapshot.ForReviewer("me", Now, Options, size: 2).GetEnumerator();
        Assert.True(slices.MoveNext());
        Assert.Equal(["a", "b"], Authors(slices.Current));
        snapshot.Failed(Submission.IdFor("c"));
        Assert.True(slices.MoveNext());
        Assert.Equal(["d"], Authors(slices.Current));
        Assert.False(slices.MoveNext());
    }

    [Fact]
    public void An_entry_that_failed_or_filled_up_is_spent_and_counted_once()
    {
        var snapshot = new ClaimSnapshot(Assignment, [Of("a", 5), Of("b", 4), Of("c", 3)], null, Now);
        var b = new ClaimCandidate(Of("b", 4), Extra: false);

        snapshot.Learned(Of("a", 5, active: 2)); // still short of 3: stays, in its new state
        snapshot.Learned(Of("b", 4, completed: 1, active: 2)); // full
        snapshot.Learned(Of("b", 4, completed: 1, active: 2));
        snapshot.Failed(Submission.IdFor("c"));
        snapshot.Failed(Submission.IdFor("c"));
        snapshot.Learned(Of("stranger", 1, active: 3)); // not in the list: ignored

        Assert.Equal(1, snapshot.Live);
        Assert.Equal([("a", 2)], snapshot.Entries.Select(s => (s.AuthorId, s.ActiveLeases)));
        Assert.False(snapshot.StillWorthTrying(b));
        Assert.True(snapshot.StillWorthTrying(b with { Extra = true }));
        Assert.True(snapshot.StillWorthTrying(new ClaimCandidate(Of("deeper", 1), Extra: false)));
    }

    [Fact]
    public void Holds_stop_at_the_free_places_and_each_ends_once()
    {
        var takes = new TakesInFlight();
        var first = takes.Hold("a1", "s1", free: 2);
        var second = takes.Hold("a1", "s1", free: 2);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(takes.Hold("a1", "s1", free: 2));
        Assert.NotNull(takes.Hold("a2", "s1", free: 1)); // another assignment's submission of the same id
        Assert.Null(takes.Hold("a1", "s1", free: 0));

        Assert.True(takes.AllHeld("a1", "s1", free: 2));
        Assert.False(takes.AllHeld("a1", "s1", free: 3));
        Assert.False(takes.AllHeld("a2", "s2", free: 1));
        first!.Dispose();
        first.Dispose(); // a second end frees nothing more
        Assert.False(takes.AllHeld("a1", "s1", free: 2));
        Assert.NotNull(takes.Hold("a1", "s1", free: 2));
        Assert.Null(takes.Hold("a1", "s1", free: 2));
        second!.Dispose();
        Assert.NotNull(takes.Hold("a1", "s1", free: 2));
    }

    [Fact]
    public async Task Concurrent_holds_never_exceed_the_free_places()
    {
        var takes = new TakesInFlight();
        var (holding, most) = (0, 0);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                using var hold = takes.Hold("a1", "s1", free: 3);
                if (hold is null) continue;
                var now = Interlocked.Increment(ref holding);
                InterlockedMax(ref most, now);
                Interlocked.Decrement(ref holding);
            }
        })));
        Assert.InRange(most, 1, 3);
        Assert.NotNull(takes.Hold("a1", "s1", free: 1)); // all ended: nothing held
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }
}
