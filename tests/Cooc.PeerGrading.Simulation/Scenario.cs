namespace Cooc.PeerGrading.Simulation;

/// <summary>Who reviews: every reviewer alike and unbiased, or a realistic mix with careless and always-the-average ones.</summary>
public enum ReviewerMix { Heterogeneous, EquallyReliable }

/// <summary>
/// One simulated cohort: its size, seed, reviewers, and how many learners leave right after submitting (some of them
/// holding a lease). Times are in days from the assignment's opening; the due date is day 28.
/// </summary>
public sealed record Scenario(string Name, int Learners, ulong Seed, ReviewerMix Mix, double LeaveShare)
{
    public const double DueDay = 28;
    public const double ReviewsDueDay = DueDay + 5;
    public const int CalibrationExamples = 3;
    public const double CarelessShare = 0.10;
    public const double AverageGiverShare = 0.05;
    public const double LeaversHoldingLease = 0.5;
}

/// <summary>
/// How the platform hands out and grades: lease length and starvation priority (<see cref="Cooc.Assessment.ClaimOptions"/>),
/// and whether a grade waits for the author's own reviews before it is computed (ORA2, and Gradeability before it
/// changed) or is computed as soon as the reviews suffice and only released once the author has done theirs (now).
/// </summary>
public sealed record Policy(string Name, TimeSpan Lease, TimeSpan StarvationLimit, bool ComputeWaitsForAuthor, bool FitsReviewerModel)
{
    /// <summary>Open edX ORA2: oldest first, 8-hour lease, gradedBy 3, median, flexible grading at 7 days and 30 %.</summary>
    public static Policy Ora2 { get; } = new("ORA2 baseline", TimeSpan.FromHours(8), TimeSpan.MaxValue, true, false);

    /// <summary>Cooc before the Gradeability change: starving first then oldest, 2-hour lease, grade computed once the author has reviewed.</summary>
    public static Policy CoocAsImplemented { get; } = new("Cooc (author-gated)", TimeSpan.FromHours(2), TimeSpan.FromHours(24), true, false);

    /// <summary>Cooc as the domain is now: computing decoupled from release (GradeRelease), and the reviewer model fitted.</summary>
    public static Policy Cooc { get; } = new("Cooc", TimeSpan.FromHours(2), TimeSpan.FromHours(24), false, true);
}
