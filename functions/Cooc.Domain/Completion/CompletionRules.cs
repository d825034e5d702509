using Cooc.Common;
using Cooc.Courses;

namespace Cooc.Completion;

/// <summary>An assignment the course requires: passed at MinimumPercent of its points, weighing Weight in the overall grade.</summary>
public sealed record RequiredAssignment(string AssignmentId, double MinimumPercent, double Weight);

/// <summary>
/// What it takes to pass a course. RequiredLectureIds null means every lecture of the course (as the course is now, so
/// lectures added later count too). The overall grade (0–100) weighs the share of required lectures completed by
/// LectureWeight and each assignment's released grade by its Weight; a learner passes with every required lecture
/// completed, every required assignment at its minimum, and the overall grade at PassingPercent. DueDate applies to
/// every learner; an assigned learner's own due date wins. Version grows with each change.
/// </summary>
public sealed record CompletionRules(
    int Version,
    List<string>? RequiredLectureIds,
    List<RequiredAssignment> RequiredAssignments,
    double LectureWeight,
    double PassingPercent,
    DateTimeOffset? DueDate)
{
    public const double DefaultPassingPercent = 60;

    /// <summary>A course that set no rules: every lecture, no assignment, passed once every lecture is completed.</summary>
    public static readonly CompletionRules Default = new(0, null, [], 1, DefaultPassingPercent, null);

    public static CompletionRules For(Course course) => course.Completion ?? Default;

    public IReadOnlyList<string> LectureIds(Course course) =>
        RequiredLectureIds ?? course.Modules.SelectMany(m => m.Lectures).Select(l => l.LectureId).ToList();
}

/// <summary>What staff send to set a course's completion rules (PUT replaces them).</summary>
public sealed record CompletionRulesInput(
    List<string>? RequiredLectureIds,
    List<RequiredAssignmentInput>? RequiredAssignments,
    double? LectureWeight,
    double? PassingPercent,
    DateTimeOffset? DueDate);

public sealed record RequiredAssignmentInput(string? AssignmentId, double? MinimumPercent, double? Weight);

public static class CompletionRulesValidation
{
    public const int MaxRequiredAssignments = 100;

    /// <summary>The course with the new rules, or why they are refused.</summary>
    public static Outcome<Course> Apply(Course course, CompletionRulesInput input, IReadOnlySet<string> courseAssignmentIds, DateTimeOffset now)
    {
        var rules = Decide(course, input, courseAssignmentIds);
        return rules.Refusal is { } refusal ? refusal : course with { Completion = rules.Value, UpdatedAt = now };
    }

    /// <summary>
    /// New rules for the course, one version up. courseAssignmentIds are the ids of the course's assignments that
    /// exist (read by the caller), so a rule can never name another course's assignment.
    /// </summary>
    public static Outcome<CompletionRules> Decide(Course course, CompletionRulesInput input, IReadOnlySet<string> courseAssignmentIds)
    {
        var errors = new FieldErrors();
        var lectures = course.Modules.SelectMany(m => m.Lectures).Select(l => l.LectureId).ToHashSet(StringComparer.Ordinal);
        if (input.RequiredLectureIds is { } lectureIds)
        {
            errors.Require(lectureIds.Distinct(StringComparer.Ordinal).Count() == lectureIds.Count, "requiredLectureIds", "Name each lecture once.");
            foreach (var id in lectureIds.Where(id => !lectures.Contains(id ?? "")))
                errors.Add("requiredLectureIds", $"The course has no lecture '{id}'.");
        }
        var assignments = input.RequiredAssignments ?? [];
        errors.Require(assignments.Count <= MaxRequiredAssignments, "requiredAssignments", $"At most {MaxRequiredAssignments} assignments.");
        for (var i = 0; i < assignments.Count; i++)
        {
            var a = assignments[i];
            var field = $"requiredAssignments[{i}]";
            if (a?.AssignmentId is not { } id || !courseAssignmentIds.Contains(id)) errors.Add($"{field}.assignmentId", "Name an assignment of this course.");
            if (a?.MinimumPercent is { } min && (min < 0 || min > 100)) errors.Add($"{field}.minimumPercent", "Give a percentage from 0 to 100.");
            if (a?.Weight is { } w && (w < 0 || w > 1000 || double.IsNaN(w))) errors.Add($"{field}.weight", "Give a weight from 0 to 1000.");
        }
        if (assignments.Select(a => a?.AssignmentId).Distinct(StringComparer.Ordinal).Count() != assignments.Count)
            errors.Add("requiredAssignments", "Name each assignment once.");
        if (input.LectureWeight is { } lw && (lw < 0 || lw > 1000 || double.IsNaN(lw))) errors.Add("lectureWeight", "Give a weight from 0 to 1000.");
        if (input.PassingPercent is { } p && (p < 0 || p > 100 || double.IsNaN(p))) errors.Add("passingPercent", "Give a percentage from 0 to 100.");
        if (errors.Any) return errors.ToRefusal();

        var required = assignments.Select(a => new RequiredAssignment(a.AssignmentId!, a.MinimumPercent ?? 0, a.Weight ?? 1)).ToList();
        var lectureWeight = input.LectureWeight ?? (required.Count == 0 ? 1 : 0);
        if (lectureWeight + required.Sum(a => a.Weight) <= 0)
            return Refusal.Invalid(new Dictionary<string, string[]> { ["lectureWeight"] = ["At least one weight must be above 0."] });
        return new CompletionRules((course.Completion?.Version ?? 0) + 1, input.RequiredLectureIds, required, lectureWeight,
            input.PassingPercent ?? CompletionRules.DefaultPassingPercent, input.DueDate?.ToUniversalTime());
    }
}
