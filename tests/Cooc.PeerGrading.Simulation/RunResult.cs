using Cooc.Assessment;
using Cooc.Assessment.Grading;

namespace Cooc.PeerGrading.Simulation;

/// <summary>What happened to one learner's submission.</summary>
public sealed record LearnerOutcome(
    Learner Learner, string SubmissionId, DateTimeOffset SubmittedAt, DateTimeOffset? ComputedAt, DateTimeOffset? VisibleAt,
    GradeSource? Source, int Counted, int Received, int ReviewsGiven, double? ProvisionalPoints);

/// <summary>One policy's run: outcomes per learner, final estimates per estimator, and how long the fits took.</summary>
public sealed record RunResult(
    Scenario Scenario,
    Policy Policy,
    IReadOnlyList<LearnerOutcome> Outcomes,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, SubmissionEstimate>> Finals,
    IReadOnlyDictionary<string, double> FinalFitSeconds,
    IReadOnlyList<double> BackgroundFitSeconds);
