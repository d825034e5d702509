using Cooc.Assessment;
using Cooc.Assessment.Estimation;

namespace Cooc.PeerGrading.Simulation;

/// <summary>
/// One policy over one cohort, on an event clock, through the domain's own rules: SubmissionRules.Submit,
/// ClaimPolicy (calibration first, candidates, lease, take, expiry), ReviewRules (complete, record), Gradeability,
/// PeerGrading, StaffQueue and StaffRules. Each learner's choices come from their own seeded streams, so every policy
/// sees the same learners behaving the same way.
/// </summary>
public sealed partial class PeerGradingRun
{
    private readonly Scenario scenario;
    private readonly Policy policy;
    private readonly Cohort cohort;
    private readonly CourseSetup setup;
    private readonly ClaimOptions claimOptions;
    private readonly EventClock clock = new();
    private readonly Dictionary<string, Learner> learners;
    private readonly Dictionary<string, SeededRandom> behaviour = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Submission> submissions = new(StringComparer.Ordinal);   // by author
    private readonly Dictionary<string, Submission> waiting = new(StringComparer.Ordinal);       // ungraded, by author
    private readonly Dictionary<string, ReviewLease> leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Review>> reviewsOf = new(StringComparer.Ordinal);  // by submission id
    private readonly Dictionary<string, ReviewerRecord> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LearnerTimes> times = new(StringComparer.Ordinal);
    private int reviewCount;

    public PeerGradingRun(Scenario scenario, Policy policy, Cohort cohort)
    {
        this.scenario = scenario;
        this.policy = policy;
        this.cohort = cohort;
        setup = CourseSetup.Create(policy);
        claimOptions = new ClaimOptions(policy.Lease, policy.StarvationLimit);
        learners = cohort.Learners.ToDictionary(l => l.Id, StringComparer.Ordinal);
    }

    /// <summary>When each learner's submission was made, graded, and its grade became visible to them.</summary>
    public sealed class LearnerTimes
    {
        public DateTimeOffset SubmittedAt;
        public DateTimeOffset? ComputedAt, VisibleAt;
        public double? ProvisionalPoints;
    }

    public RunResult Run()
    {
        foreach (var learner in cohort.Learners)
        {
            behaviour[learner.Id] = SeededRandom.ForStream(scenario.Seed, "behaviour:" + learner.Id);
            records[learner.Id] = ReviewerRecord.New(setup.Assignment.AssignmentId, "acme", learner.Id, CourseSetup.Opens);
            clock.At(CourseSetup.Day(learner.SubmitDay), () => Submit(learner));
        }
        clock.At(setup.Assignment.Settings.ReviewsDueAt, SendShortOnesToStaff);
        if (policy.FitsReviewerModel)
            for (var day = 1; day <= Scenario.ReviewsDueDay; day++) clock.At(CourseSetup.Day(day), FitInBackground); // the daily background job
        clock.Run();
        return Results();
    }

    private void Submit(Learner learner)
    {
        var result = CourseSetup.Expect(SubmissionRules.Submit(setup.Assignment, null, new SubmissionInput("An essay.", null),
            CourseSetup.LearnerCaller(learner.Id), setup.EnrollmentOf(learner.Id), clock.Now));
        submissions[learner.Id] = waiting[learner.Id] = result.Submission;
        reviewsOf[result.Submission.Id] = [];
        times[learner.Id] = new LearnerTimes { SubmittedAt = clock.Now };
        var flexible = setup.Assignment.Settings.Flexible;
        if (flexible.Enabled) clock.After(TimeSpan.FromDays(flexible.AfterDays), () => CheckGrade(learner.Id));
        var random = behaviour[learner.Id];
        if (learner.Leaves)
        {
            if (learner.HoldsLeaseWhenLeaving) TryClaim(learner, completes: false); // claims one, then never returns
            return;
        }
        var firstDelay = random.NextBool(0.6) ? TimeSpan.FromHours(0.5 * random.NextUniform()) : Hours(24 * LogNormal(random, 1.0));
        clock.After(firstDelay, () => TryClaim(learner, completes: true));
    }

    /// <summary>The learner asks for a submission to review: calibration first if pending, then the first candidate.</summary>
    private void TryClaim(Learner learner, bool completes)
    {
        var now = clock.Now;
        var refusal = ClaimPolicy.RefuseClaim(setup.Assignment, submissions[learner.Id], records[learner.Id], now);
        if (refusal is not null && CalibrationRules.Pending(setup.Assignment, records[learner.Id]).Count > 0)
        {
            Calibrate(learner);
            refusal = ClaimPolicy.RefuseClaim(setup.Assignment, submissions[learner.Id], records[learner.Id], now);
        }
        if (refusal is not null) return; // reviews are closed
        var candidate = NextCandidate(learner.Id, now);
        var random = behaviour[learner.Id];
        if (candidate is null)
        {
            if (completes) clock.After(Hours(6 * (0.5 + random.NextUniform())), () => TryClaim(learner, completes));
            return;
        }
        var lease = ClaimPolicy.LeaseFor(candidate.Submission, learner.Id, candidate.Extra, now, claimOptions);
        var author = candidate.Submission.AuthorId;
        Update(ClaimPolicy.Take(submissions[author], lease, now));
        leases[lease.Id] = lease;
        clock.At(lease.ExpiresAt, () => Expire(lease.Id));
        if (completes) clock.After(Hours(0.5 * LogNormal(random, 1.0)), () => CompleteReview(learner, lease.Id));
    }

    /// <summary>
    /// The first of <see cref="ClaimPolicy.Candidates"/> over every submission, as the app hands them out: short ones
    /// first, then extras to any submission, graded ones included, the fewest reviews first. Short ones are all
    /// ungraded, so they are looked for among those alone; only when none is left are all submissions ordered for an extra.
    /// </summary>
    private ClaimCandidate? NextCandidate(string reviewerId, DateTimeOffset now) =>
        ClaimPolicy.Candidates(setup.Assignment, waiting.Values, reviewerId, now, claimOptions).FirstOrDefault(c => !c.Extra)
        ?? ClaimPolicy.Candidates(setup.Assignment, submissions.Values, reviewerId, now, claimOptions).FirstOrDefault();

    private void Calibrate(Learner learner)
    {
        foreach (var example in CalibrationRules.Pending(setup.Assignment, records[learner.Id]))
        {
            var draws = SeededRandom.ForStream(scenario.Seed, $"score:{learner.Id}:{example.ExampleId}");
            var options = cohort.Score(learner.Reviewer, setup.StaffOptions(example), draws);
            var result = CourseSetup.Expect(CalibrationRules.Score(setup.Rubric, example, setup.ByCriterion(options), clock.Now));
            records[learner.Id] = CalibrationRules.Apply(records[learner.Id], result, clock.Now);
        }
    }

    private void CompleteReview(Learner learner, string leaseId)
    {
        var now = clock.Now;
        var lease = leases[leaseId];
        var author = learners[lease.AuthorId];
        var draws = SeededRandom.ForStream(scenario.Seed, $"score:{learner.Id}:{author.Id}");
        var input = new ReviewInput(setup.ByCriterion(cohort.Score(learner.Reviewer, author.TrueOptions, draws)), null, null);
        var outcome = ReviewRules.Complete(lease, setup.Rubric, input, learner.Id, $"rev{++reviewCount}", now);
        if (outcome.IsRefused) { clock.After(TimeSpan.Zero, () => TryClaim(learner, completes: true)); return; } // expired: work lost
        var (review, completed) = outcome.Value!;
        leases[leaseId] = completed;
        reviewsOf[review.SubmissionId].Add(review);
        Update(ReviewRules.Record(submissions[author.Id], review, now));
        records[learner.Id] = records[learner.Id].Credit(now);
        CheckGrade(author.Id);
        CheckGrade(learner.Id);
        if (records[learner.Id].ReviewsCompleted >= setup.Assignment.Settings.MustGrade) return;
        var random = behaviour[learner.Id];
        var gap = random.NextBool(0.6) ? TimeSpan.FromMinutes(15 * random.NextUniform()) : Hours(12 * LogNormal(random, 1.2));
        clock.After(gap, () => TryClaim(learner, completes: true));
    }

    private void Expire(string leaseId)
    {
        var lease = leases[leaseId];
        if (!ClaimPolicy.IsExpired(lease, clock.Now)) return;
        leases[leaseId] = ClaimPolicy.Release(lease, LeaseStatus.Expired, clock.Now);
        Update(ClaimPolicy.ReturnToPool(submissions[lease.AuthorId], lease, clock.Now));
    }

    private void Update(Submission submission)
    {
        submissions[submission.AuthorId] = submission;
        if (submission.Grade is null) waiting[submission.AuthorId] = submission;
        else waiting.Remove(submission.AuthorId);
    }

    private static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);

    /// <summary>exp(N(0, sigma²)): median 1, heavy right tail.</summary>
    private static double LogNormal(SeededRandom random, double sigma) => Math.Exp(random.NextNormal(0, sigma));
}
