using System.Text.Json.Serialization;
using Cooc.Ports;

namespace Cooc.Assessment;

/// <summary>
/// How a learner's score of one criterion of a calibration example compared with staff's: Difference = learner
/// points − staff points (positive: more generous than staff).
/// </summary>
public sealed record CalibrationDifference(string CriterionId, int LearnerOption, int StaffOption, int LearnerPoints, int StaffPoints, int Difference, string? StaffNote)
{
    [JsonIgnore]
    public bool Agrees => LearnerOption == StaffOption;
}

/// <summary>A learner's scoring of one calibration example, criterion by criterion.</summary>
public sealed record CalibrationResult(string ExampleId, int RubricVersion, List<CalibrationDifference> Criteria, DateTimeOffset At);

/// <summary>
/// A learner as a reviewer in one assignment: assessment container, partition = assignmentId, id "reviewer:{learnerId}"
/// (<see cref="IdFor"/>), kind "reviewer". ReviewsCompleted counts every review they completed there, regular and
/// extra (storage increments it with each completion; it is what mustGrade is checked against). Calibrations keeps
/// the latest result per example; CalibrationOffsets is, per criterion, the mean Difference over them (the learner's
/// bias as seen by calibration, in points). QualityScore is the estimator's view of the reviewer, when it has one.
/// </summary>
public sealed record ReviewerRecord(
    string Id,
    string AssignmentId,
    string OrganizationId,
    string LearnerId,
    int ReviewsCompleted,
    List<CalibrationResult> Calibrations,
    Dictionary<string, double> CalibrationOffsets,
    double? QualityScore,
    DateTimeOffset UpdatedAt) : IDocument
{
    public const string DocumentKind = "reviewer";
    private const string IdPrefix = "reviewer:";

    public string Kind => DocumentKind;

    public static string IdFor(string learnerId) => IdPrefix + learnerId;

    public static ReviewerRecord New(string assignmentId, string organizationId, string learnerId, DateTimeOffset now) =>
        new(IdFor(learnerId), assignmentId, organizationId, learnerId, 0, [], [], null, now);

    /// <summary>One more completed review (storage may instead increment "reviewsCompleted" atomically).</summary>
    public ReviewerRecord Credit(DateTimeOffset now) => this with { ReviewsCompleted = ReviewsCompleted + 1, UpdatedAt = now };
}
