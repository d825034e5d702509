using Cooc.Assessment;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;

namespace Cooc.Domain.Tests.Assessment;

/// <summary>A course with one module, an assignment on it and helpers to make learners, submissions and reviews.</summary>
internal static class AssessmentFixtures
{
    public static readonly DateTimeOffset Opens = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Due = Opens.AddDays(7);
    public static readonly DateTimeOffset ReviewsDue = Opens.AddDays(21);

    public static Dictionary<string, string> En(string text) => new() { ["en"] = text };

    public static Caller Who(string user, params Role[] roles) => new(user, "acme", roles.ToHashSet());

    public static readonly Caller Instructor = Who("ines", Role.Instructor);

    public static readonly Course Course = new("c1", "c1", "acme", "en", En("Course"), [],
        [new CourseModule("m1", En("Week 1"), [])], null, null, null, CourseVisibility.Organization, CourseStatus.Published,
        "ines", Opens, Opens, Opens);

    public static Enrollment Seat(string learner, EnrollmentStatus status = EnrollmentStatus.Enrolled) =>
        new(learner, "c1", "acme", "acme", status, EnrollmentSource.Self, null, null, Opens, Opens, Opens);

    /// <summary>Two criteria: "ideas" with options worth 0, 1, 2, 3 and "style" with 0, 2, 4.</summary>
    public static RubricInput Rubric(int[]? ideas = null, int[]? style = null) => new(
    [
        new CriterionInput("ideas", En("Ideas"), En("How good are the ideas?"), (ideas ?? [0, 1, 2, 3]).Select(p => new OptionInput(En($"{p}"), p, null)).ToList()),
        new CriterionInput("style", En("Style"), null, (style ?? [0, 2, 4]).Select(p => new OptionInput(En($"{p}"), p, En("why"))).ToList()),
    ]);

    public static AssignmentSettingsInput SettingsInput(int? mustGrade = null, int? gradedBy = null) =>
        new(new TextSubmissionInput(1000), new FileSubmissionInput(["pdf"], 1000, 2), Opens, Due, ReviewsDue, mustGrade, gradedBy);

    public static AssignmentInput Input(AssignmentSettingsInput? settings = null, RubricInput? rubric = null) =>
        new("m1", En("Essay"), En("Write an essay."), settings ?? SettingsInput(), rubric ?? Rubric());

    public static Assignment Assignment(AssignmentSettingsInput? settings = null) =>
        AssignmentRules.Create(Course, Input(settings), "a1", Instructor, Opens.AddDays(-1)).Value!;

    public static Assignment WithSettings(this Assignment assignment, Func<AssignmentSettings, AssignmentSettings> change) =>
        assignment with { Settings = change(assignment.Settings) };

    /// <summary>A stored submission of author at the given time, with counters.</summary>
    public static Submission Submitted(string author, DateTimeOffset at, int completed = 0, int active = 0, params string[] reviewers) =>
        new(Submission.IdFor(author), "a1", "c1", "acme", author, 1, 1, "text", [], at, false, 0, active, 0, completed, [.. reviewers],
            SubmissionStatus.Waiting, null, null, null, null, 0, at);

    public static Review ReviewOf(Submission submission, string reviewer, DateTimeOffset at, int ideas, int style, string? id = null, int? revision = null) =>
        new(id ?? $"rev_{reviewer}_{submission.AuthorId}", "a1", "acme", submission.Id, submission.AuthorId, revision ?? submission.Revision,
            submission.RubricVersion, reviewer, false, new() { ["ideas"] = ideas, ["style"] = style }, [], null, 0, at, at);
}
