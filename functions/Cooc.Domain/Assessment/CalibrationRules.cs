using Cooc.Common;

namespace Cooc.Assessment;

/// <summary>
/// Calibration: before reviewing peers, a learner scores each active staff-scored example
/// (<see cref="AssignmentRules.ActiveCalibrationExamples"/>) and sees, per criterion, where they differed from staff.
/// Their offsets feed the reviewer-bias estimate (as anchors, see <see cref="Grading.AssessmentDataBuilder"/>).
/// </summary>
public static class CalibrationRules
{
    /// <summary>Active examples the learner has not scored yet (with the example's rubric version), in the assignment's order.</summary>
    public static IReadOnlyList<CalibrationExample> Pending(Assignment assignment, ReviewerRecord? record) =>
        AssignmentRules.ActiveCalibrationExamples(assignment)
            .Where(e => record is null || !record.Calibrations.Any(c => c.ExampleId == e.ExampleId && c.RubricVersion == e.RubricVersion))
            .ToList();

    /// <summary>
    /// Compares the learner's options (one valid option per criterion, as in a review) with staff's, criterion by
    /// criterion in rubric order. rubric must be the example's version.
    /// </summary>
    public static Outcome<CalibrationResult> Score(RubricVersion rubric, CalibrationExample example, IReadOnlyDictionary<string, int>? learnerOptions, DateTimeOffset now)
    {
        if (rubric.Version != example.RubricVersion) throw new ArgumentException("Give the example's rubric version.", nameof(rubric));
        var errors = new FieldErrors();
        ReviewRules.ValidateOptions(rubric, learnerOptions, "options", errors);
        if (errors.Any) return errors.ToRefusal();
        var criteria = rubric.Criteria.Select(c =>
        {
            var (learner, staff) = (learnerOptions![c.CriterionId], example.StaffOptions[c.CriterionId]);
            var (learnerPoints, staffPoints) = (c.Options[learner].Points, c.Options[staff].Points);
            return new CalibrationDifference(c.CriterionId, learner, staff, learnerPoints, staffPoints, learnerPoints - staffPoints,
                example.StaffNotes.GetValueOrDefault(c.CriterionId));
        }).ToList();
        return new CalibrationResult(example.ExampleId, example.RubricVersion, criteria, now);
    }

    /// <summary>The record with this result (replacing an earlier one for the same example and version) and offsets recomputed.</summary>
    public static ReviewerRecord Apply(ReviewerRecord record, CalibrationResult result, DateTimeOffset now)
    {
        var calibrations = record.Calibrations
            .Where(c => !(c.ExampleId == result.ExampleId && c.RubricVersion == result.RubricVersion))
            .Append(result).ToList();
        return record with { Calibrations = calibrations, CalibrationOffsets = Offsets(calibrations), UpdatedAt = now };
    }

    /// <summary>Per criterion id, the mean of Difference (learner − staff points) over the results that score it.</summary>
    public static Dictionary<string, double> Offsets(IEnumerable<CalibrationResult> results) =>
        results.SelectMany(r => r.Criteria)
            .GroupBy(d => d.CriterionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(d => (double)d.Difference), StringComparer.Ordinal);
}
