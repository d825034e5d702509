using Cooc.Common;
using Cooc.Courses;
using Cooc.Identity;

namespace Cooc.Assessment;

/// <summary>Pure decisions about creating and editing assignments, their rubric versions and calibration examples.</summary>
public static class AssignmentRules
{
    public const int MaxTitleLength = 200;
    public const int MaxPromptLength = 20_000;
    public const int MaxCalibrationExamples = 10;
    public const int MaxCalibrationTextLength = 100_000;
    public const int MaxStaffNoteLength = 2000;

    /// <summary>Course staff attach an assignment to a module of the course; its first rubric is version 1.</summary>
    public static Outcome<Assignment> Create(Course course, AssignmentInput input, string assignmentId, Caller caller, DateTimeOffset now)
    {
        if (AssessmentAccess.RefuseManage(caller, course) is { } refusal) return refusal;
        var errors = Validate(course, input, requireRubric: true, out var settings);
        if (errors.Any) return errors.ToRefusal();
        return new Assignment(assignmentId, assignmentId, course.CourseId, course.OrganizationId, input.ModuleId!, input.Title!,
            input.Prompt!, settings!, [RubricRules.ToVersion(input.Rubric!, 1, now)], [], caller.UserId, now, now);
    }

    /// <summary>
    /// Replaces module, texts and settings; a given rubric that differs from the current one is applied with
    /// <see cref="ReviseRubric"/>, so hasSubmissions has the same meaning there.
    /// </summary>
    public static Outcome<Assignment> Edit(Assignment assignment, Course course, AssignmentInput input, bool hasSubmissions, Caller caller, DateTimeOffset now)
    {
        if (AssessmentAccess.RefuseManage(caller, course) is { } refusal) return refusal;
        if (course.CourseId != assignment.CourseId) return Refusal.NotFound("Assignment");
        var errors = Validate(course, input, requireRubric: false, out var settings);
        if (errors.Any) return errors.ToRefusal();
        var edited = assignment with { ModuleId = input.ModuleId!, Title = input.Title!, Prompt = input.Prompt!, Settings = settings!, UpdatedAt = now };
        return input.Rubric is null ? edited : ReviseRubric(edited, input.Rubric, hasSubmissions, now);
    }

    /// <summary>
    /// A partial edit (PATCH) as a full one: each part left out (null) is the assignment's current one; settings
    /// and rubric are replaced as wholes when given.
    /// </summary>
    public static AssignmentInput Merge(Assignment assignment, AssignmentInput patch) => new(
        patch.ModuleId ?? assignment.ModuleId, patch.Title ?? assignment.Title, patch.Prompt ?? assignment.Prompt,
        patch.Settings ?? AssignmentSettingsRules.ToInput(assignment.Settings), patch.Rubric);

    /// <summary>
    /// A rubric version is immutable once a submission may exist: when hasSubmissions (any submission refers to the
    /// current version; pass true when unsure) or submissions are already open (now ≥ opensAt, so one may be in
    /// flight), a changed rubric becomes a new version for new submissions and the old ones keep theirs. Before that,
    /// the current version is replaced in place. An unchanged rubric changes nothing. Validate the input first.
    /// </summary>
    public static Assignment ReviseRubric(Assignment assignment, RubricInput rubric, bool hasSubmissions, DateTimeOffset now)
    {
        var current = assignment.CurrentRubric;
        var revised = RubricRules.ToVersion(rubric, current.Version, now);
        if (RubricRules.SameContent(current, revised)) return assignment;
        var locked = hasSubmissions || now >= assignment.Settings.OpensAt;
        List<RubricVersion> rubrics = locked
            ? [.. assignment.Rubrics, revised with { Version = current.Version + 1 }]
            : assignment.Rubrics.Take(assignment.Rubrics.Count - 1).Append(revised).ToList();
        return assignment with { Rubrics = rubrics, UpdatedAt = now };
    }

    /// <summary>The version a new (or replacing) submission records: always the latest.</summary>
    public static RubricVersion RubricForNewSubmission(Assignment assignment) => assignment.CurrentRubric;

    /// <summary>The calibration examples learners score now: those scored with the current rubric version.</summary>
    public static IReadOnlyList<CalibrationExample> ActiveCalibrationExamples(Assignment assignment) =>
        assignment.CalibrationExamples.Where(e => e.RubricVersion == assignment.CurrentRubric.Version).ToList();

    /// <summary>Staff add a sample answer they score with the current rubric: one valid option per criterion.</summary>
    public static Outcome<Assignment> AddCalibrationExample(Assignment assignment, Course course, CalibrationExampleInput input, string exampleId, Caller caller, DateTimeOffset now)
    {
        if (AssessmentAccess.RefuseManage(caller, course) is { } refusal) return refusal;
        if (course.CourseId != assignment.CourseId) return Refusal.NotFound("Assignment");
        if (assignment.CalibrationExamples.Count >= MaxCalibrationExamples)
            return Refusal.Conflict($"An assignment holds at most {MaxCalibrationExamples} calibration examples.");
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Text)) errors.Add("text", "Give the example's text.");
        else if (input.Text.Length > MaxCalibrationTextLength) errors.Add("text", $"At most {MaxCalibrationTextLength} characters.");
        var rubric = assignment.CurrentRubric;
        ReviewRules.ValidateOptions(rubric, input.StaffOptions, "staffOptions", errors);
        ReviewRules.ValidateFeedback(rubric, input.StaffNotes, "staffNotes", MaxStaffNoteLength, errors);
        if (errors.Any) return errors.ToRefusal();
        var example = new CalibrationExample(exampleId, rubric.Version, input.Text!, new(input.StaffOptions!), new(input.StaffNotes ?? []), caller.UserId, now);
        return assignment with { CalibrationExamples = [.. assignment.CalibrationExamples, example], UpdatedAt = now };
    }

    public static Outcome<Assignment> RemoveCalibrationExample(Assignment assignment, Course course, string exampleId, Caller caller, DateTimeOffset now)
    {
        if (AssessmentAccess.RefuseManage(caller, course) is { } refusal) return refusal;
        if (course.CourseId != assignment.CourseId || assignment.CalibrationExamples.All(e => e.ExampleId != exampleId))
            return Refusal.NotFound("Calibration example");
        return assignment with { CalibrationExamples = assignment.CalibrationExamples.Where(e => e.ExampleId != exampleId).ToList(), UpdatedAt = now };
    }

    private static FieldErrors Validate(Course course, AssignmentInput input, bool requireRubric, out AssignmentSettings? settings)
    {
        var errors = new FieldErrors();
        if (course.Modules.All(m => m.ModuleId != input.ModuleId)) errors.Add("moduleId", "No module of this course has that id.");
        LocalizedText.Validate(input.Title, "title", MaxTitleLength, errors);
        LocalizedText.Validate(input.Prompt, "prompt", MaxPromptLength, errors);
        settings = AssignmentSettingsRules.Resolve(input.Settings, errors);
        if (input.Rubric is not null || requireRubric) RubricRules.Validate(input.Rubric, errors);
        return errors;
    }
}
