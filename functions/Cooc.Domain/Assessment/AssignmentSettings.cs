namespace Cooc.Assessment;

/// <summary>Refuse: nothing is accepted after the due date. AcceptWithPenalty: accepted until reviews are due, with a penalty.</summary>
public enum LatePolicyKind { Refuse, AcceptWithPenalty }

/// <summary>How the final grade of a submission is computed from its peer reviews (see <see cref="Grading.IGradeEstimator"/>).</summary>
public enum EstimatorKind { Median, ReviewerModel }

/// <summary>A late submission loses PenaltyPercent of its grade (0..100; 0 with <see cref="LatePolicyKind.Refuse"/>).</summary>
public sealed record LatePolicy(LatePolicyKind Kind, int PenaltyPercent);

/// <summary>Learners may write up to MaxLength characters.</summary>
public sealed record TextSubmissionSettings(int MaxLength);

/// <summary>
/// Learners may attach up to MaxFiles files of at most MaxBytesPerFile bytes each, whose names end in one of
/// AllowedExtensions (lowercase, without the dot: "pdf", "docx"; empty: any).
/// </summary>
public sealed record FileSubmissionSettings(List<string> AllowedExtensions, long MaxBytesPerFile, int MaxFiles);

/// <summary>
/// Once a submission has waited AfterDays days, the reviews it needs drop to Percent of GradedBy, rounded up, at
/// least 1 (<see cref="ClaimPolicy.Required"/>).
/// </summary>
public sealed record FlexibleGrading(bool Enabled, int AfterDays, int Percent);

/// <summary>
/// An assignment's rules. Dates are UTC: submissions open at OpensAt and are due at DueAt; peer reviews are handed out
/// until ReviewsDueAt, when what is still short goes to staff (<see cref="StaffQueue"/>). Each learner must complete
/// MustGrade reviews before seeing their grade; each submission needs GradedBy reviews. At least one of Text and
/// Files is set.
/// </summary>
public sealed record AssignmentSettings(
    TextSubmissionSettings? Text,
    FileSubmissionSettings? Files,
    DateTimeOffset OpensAt,
    DateTimeOffset DueAt,
    DateTimeOffset ReviewsDueAt,
    int MustGrade,
    int GradedBy,
    LatePolicy Late,
    bool ResubmissionAllowed,
    FlexibleGrading Flexible,
    bool SelfAssessment,
    EstimatorKind Estimator);

public sealed record TextSubmissionInput(int? MaxLength);

public sealed record FileSubmissionInput(List<string>? AllowedExtensions, long? MaxBytesPerFile, int? MaxFiles);

public sealed record LatePolicyInput(LatePolicyKind? Kind, int? PenaltyPercent);

public sealed record FlexibleGradingInput(bool? Enabled, int? AfterDays, int? Percent);

/// <summary>The settings part of an assignment request; a left-out value takes its default (see <see cref="AssignmentSettingsRules"/>).</summary>
public sealed record AssignmentSettingsInput(
    TextSubmissionInput? Text,
    FileSubmissionInput? Files,
    DateTimeOffset? OpensAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? ReviewsDueAt,
    int? MustGrade = null,
    int? GradedBy = null,
    LatePolicyInput? Late = null,
    bool? ResubmissionAllowed = null,
    FlexibleGradingInput? Flexible = null,
    bool? SelfAssessment = null,
    EstimatorKind? Estimator = null);
