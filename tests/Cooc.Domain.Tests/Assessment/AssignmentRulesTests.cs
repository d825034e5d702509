using Cooc.Assessment;
using Cooc.Common;
using Cooc.Identity;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class AssignmentRulesTests
{
    private static readonly DateTimeOffset Before = Opens.AddDays(-1);

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(AssignmentInput input) =>
        AssignmentRules.Create(Course, input, "a1", Instructor, Before).Refusal!.Errors!;

    [Fact]
    public void Creates_with_the_defaults_and_rubric_version_1()
    {
        var a = Assignment();
        Assert.Equal(("a1", "a1", "c1", "acme", "m1", "assignment"), (a.Id, a.AssignmentId, a.CourseId, a.OrganizationId, a.ModuleId, a.Kind));
        var s = a.Settings;
        Assert.Equal((5, 3), (s.MustGrade, s.GradedBy));
        Assert.Equal(new FlexibleGrading(true, 7, 30), s.Flexible);
        Assert.Equal(new LatePolicy(LatePolicyKind.Refuse, 0), s.Late);
        Assert.True(s.ResubmissionAllowed);
        Assert.False(s.SelfAssessment);
        Assert.Equal(EstimatorKind.Median, s.Estimator);
        Assert.Equal(["pdf"], s.Files!.AllowedExtensions);
        Assert.Equal(1, a.CurrentRubric.Version);
        Assert.Equal(3 + 4, a.CurrentRubric.MaxPoints);
        Assert.Equal(a.CurrentRubric, AssignmentRules.RubricForNewSubmission(a));
    }

    [Fact]
    public void Only_course_staff_create_assignments()
    {
        Assert.Equal(RefusalKind.Forbidden, AssignmentRules.Create(Course, Input(), "a1", Who("lea", Role.Learner), Before).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, AssignmentRules.Create(Course, Input(), "a1", new Caller("x", "other", new HashSet<Role> { Role.Instructor }), Before).Refusal!.Kind);
    }

    [Theory]
    [InlineData(0, 1, "settings.mustGrade")]
    [InlineData(21, 3, "settings.mustGrade")]
    [InlineData(5, 0, "settings.gradedBy")]
    [InlineData(11, 11, "settings.gradedBy")]
    [InlineData(2, 3, "settings.mustGrade")]
    public void Review_counts_are_bounded(int mustGrade, int gradedBy, string field) =>
        Assert.Contains(field, ErrorsOf(Input(SettingsInput(mustGrade, gradedBy))).Keys);

    [Theory]
    [InlineData(20, 10)]
    [InlineData(1, 1)]
    public void Review_count_limits_are_inclusive(int mustGrade, int gradedBy) =>
        Assert.False(AssignmentRules.Create(Course, Input(SettingsInput(mustGrade, gradedBy)), "a1", Instructor, Before).IsRefused);

    [Fact]
    public void Dates_must_be_given_and_ordered()
    {
        Assert.Contains("settings.dueAt", ErrorsOf(Input(SettingsInput() with { DueAt = Opens })).Keys);
        Assert.Contains("settings.reviewsDueAt", ErrorsOf(Input(SettingsInput() with { ReviewsDueAt = Due.AddTicks(-1) })).Keys);
        Assert.Contains("settings.opensAt", ErrorsOf(Input(SettingsInput() with { OpensAt = null })).Keys);
        Assert.False(AssignmentRules.Create(Course, Input(SettingsInput() with { ReviewsDueAt = Due }), "a1", Instructor, Before).IsRefused);
    }

    [Fact]
    public void Percentages_days_and_submission_kinds_are_checked()
    {
        var errors = ErrorsOf(Input(SettingsInput() with
        {
            Flexible = new FlexibleGradingInput(true, 0, 101),
            Late = new LatePolicyInput(LatePolicyKind.AcceptWithPenalty, -1),
            Text = new TextSubmissionInput(0),
            Files = new FileSubmissionInput(["p d f"], 0, 21),
        }));
        Assert.Equal(
            ["settings.files.allowedExtensions", "settings.files.maxBytesPerFile", "settings.files.maxFiles", "settings.flexible.afterDays",
             "settings.flexible.percent", "settings.late.penaltyPercent", "settings.text.maxLength"],
            errors.Keys.Order());
        Assert.Contains("settings.text", ErrorsOf(Input(SettingsInput() with { Text = null, Files = null })).Keys);
        Assert.Contains("settings", ErrorsOf(new AssignmentInput("m1", En("T"), En("P"), null, Rubric())).Keys);
    }

    [Fact]
    public void Late_acceptance_defaults_to_a_ten_percent_penalty()
    {
        var a = Assignment(SettingsInput() with { Late = new LatePolicyInput(LatePolicyKind.AcceptWithPenalty, null) });
        Assert.Equal(new LatePolicy(LatePolicyKind.AcceptWithPenalty, 10), a.Settings.Late);
    }

    [Fact]
    public void Module_texts_and_rubric_are_checked_together()
    {
        var errors = ErrorsOf(new AssignmentInput("m9", null, En("P"), SettingsInput(), new RubricInput([])));
        Assert.Equal(["moduleId", "rubric.criteria", "title"], errors.Keys.Order());
    }

    [Fact]
    public void Rubric_rules_catch_duplicate_ids_bad_points_and_all_zero_rubrics()
    {
        var duplicate = new RubricInput([Rubric().Criteria![0], Rubric().Criteria![0]]);
        Assert.Contains("rubric.criteria[1].criterionId", RubricRules.Validate(duplicate).ToRefusal().Errors!.Keys);
        Assert.Contains("rubric.criteria[0].options[1].points", RubricRules.Validate(Rubric(ideas: [0, 1001])).ToRefusal().Errors!.Keys);
        Assert.Contains("rubric.criteria", RubricRules.Validate(Rubric(ideas: [0], style: [0, 0])).ToRefusal().Errors!.Keys);
        Assert.Contains("rubric.criteria[1].options", RubricRules.Validate(Rubric(style: [])).ToRefusal().Errors!.Keys);
        var tooMany = new RubricInput(Enumerable.Range(0, 21).Select(i => Rubric().Criteria![0] with { CriterionId = $"c{i}" }).ToList());
        Assert.True(RubricRules.Validate(tooMany).Any);
        Assert.False(RubricRules.Validate(Rubric()).Any);
    }

    [Fact]
    public void A_changed_rubric_becomes_a_new_version_once_submissions_may_exist()
    {
        var a = Assignment();
        var changed = Rubric(ideas: [0, 2, 4, 6]);
        var inPlace = AssignmentRules.ReviseRubric(a, changed, hasSubmissions: false, Before);
        Assert.Equal([1], inPlace.Rubrics.Select(r => r.Version));
        Assert.Equal(6, inPlace.CurrentRubric.Criteria[0].MaxPoints);

        var afterSubmissions = AssignmentRules.ReviseRubric(a, changed, hasSubmissions: true, Before);
        Assert.Equal([1, 2], afterSubmissions.Rubrics.Select(r => r.Version));
        Assert.Equal(3, afterSubmissions.Rubric(1)!.Criteria[0].MaxPoints);
        Assert.Equal(2, AssignmentRules.RubricForNewSubmission(afterSubmissions).Version);

        var onceOpen = AssignmentRules.ReviseRubric(a, changed, hasSubmissions: false, Opens);
        Assert.Equal([1, 2], onceOpen.Rubrics.Select(r => r.Version));
        Assert.Same(a, AssignmentRules.ReviseRubric(a, Rubric(), hasSubmissions: true, Opens));
    }

    [Fact]
    public void Edit_replaces_settings_and_keeps_the_rubric_when_none_is_given()
    {
        var a = Assignment();
        var edited = AssignmentRules.Edit(a, Course, Input(SettingsInput(mustGrade: 4)) with { Rubric = null }, true, Instructor, Opens).Value!;
        Assert.Equal(4, edited.Settings.MustGrade);
        Assert.Single(edited.Rubrics);
        var revised = AssignmentRules.Edit(a, Course, Input(rubric: Rubric(style: [0, 5])), true, Instructor, Opens).Value!;
        Assert.Equal(2, revised.Rubrics.Count);
        Assert.Equal(RefusalKind.Forbidden, AssignmentRules.Edit(a, Course, Input(), true, Who("lea", Role.Learner), Opens).Refusal!.Kind);
    }

    [Fact]
    public void Calibration_examples_are_scored_by_staff_with_the_current_rubric()
    {
        var a = Assignment();
        var input = new CalibrationExampleInput("A sample essay.", new() { ["ideas"] = 2, ["style"] = 1 }, new() { ["ideas"] = "Two clear ideas." });
        var withExample = AssignmentRules.AddCalibrationExample(a, Course, input, "ex1", Instructor, Opens).Value!;
        var example = Assert.Single(AssignmentRules.ActiveCalibrationExamples(withExample));
        Assert.Equal(("ex1", 1, "calibration:ex1"), (example.ExampleId, example.RubricVersion, example.SubmissionKey));
        Assert.Contains("staffOptions.style", AssignmentRules.AddCalibrationExample(a, Course, input with { StaffOptions = new() { ["ideas"] = 2 } }, "ex2", Instructor, Opens).Refusal!.Errors!.Keys);
        var revised = AssignmentRules.ReviseRubric(withExample, Rubric(style: [0, 1]), true, Opens);
        Assert.Empty(AssignmentRules.ActiveCalibrationExamples(revised));
        Assert.Empty(AssignmentRules.RemoveCalibrationExample(withExample, Course, "ex1", Instructor, Opens).Value!.CalibrationExamples);
        Assert.Equal(RefusalKind.NotFound, AssignmentRules.RemoveCalibrationExample(a, Course, "ex1", Instructor, Opens).Refusal!.Kind);
    }
}
