using System.Text.Json.Serialization;
using Cooc.Ports;

namespace Cooc.Assessment;

/// <summary>
/// A sample answer staff scored with one rubric version: learners score it before reviewing peers and are shown
/// where they differ (<see cref="CalibrationRules"/>). StaffOptions maps each criterion id to the staff's option index.
/// Only examples of the rubric version new submissions use are asked (<see cref="AssignmentRules.ActiveCalibrationExamples"/>).
/// </summary>
public sealed record CalibrationExample(
    string ExampleId,
    int RubricVersion,
    string Text,
    Dictionary<string, int> StaffOptions,
    Dictionary<string, string> StaffNotes,
    string AddedBy,
    DateTimeOffset AddedAt)
{
    /// <summary>How an example appears as a "submission" in estimator data: "calibration:{exampleId}".</summary>
    public string SubmissionKey => $"calibration:{ExampleId}";
}

/// <summary>
/// A peer-graded assignment in a course module: assessment container, partition = assignmentId, id = assignmentId,
/// kind "assignment". Every document of the assignment (submissions, leases, reviews, reviewer records, audits,
/// flags) shares that partition, so handing out reviews and grading are single-partition reads and writes.
/// Rubrics holds every version, oldest first; the last is the one new submissions use.
/// </summary>
public sealed record Assignment(
    string Id,
    string AssignmentId,
    string CourseId,
    string OrganizationId,
    string ModuleId,
    Dictionary<string, string> Title,
    Dictionary<string, string> Prompt,
    AssignmentSettings Settings,
    List<RubricVersion> Rubrics,
    List<CalibrationExample> CalibrationExamples,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IDocument
{
    public const string DocumentKind = "assignment";

    /// <summary>Stored, so a query can pick documents of one kind out of the assignment's partition.</summary>
    public string Kind => DocumentKind;

    /// <summary>The rubric version new submissions use: the latest.</summary>
    [JsonIgnore]
    public RubricVersion CurrentRubric => Rubrics[^1];

    /// <summary>The version a submission or review refers to; null when the assignment has no such version.</summary>
    public RubricVersion? Rubric(int version) => Rubrics.FirstOrDefault(r => r.Version == version);
}

/// <summary>What staff send to create or edit an assignment. On edit, a null Rubric keeps the current one.</summary>
public sealed record AssignmentInput(
    string? ModuleId,
    Dictionary<string, string>? Title,
    Dictionary<string, string>? Prompt,
    AssignmentSettingsInput? Settings,
    RubricInput? Rubric);

/// <summary>A calibration example: its text and the staff's option index per criterion of the current rubric, with optional notes.</summary>
public sealed record CalibrationExampleInput(string? Text, Dictionary<string, int>? StaffOptions, Dictionary<string, string>? StaffNotes);
