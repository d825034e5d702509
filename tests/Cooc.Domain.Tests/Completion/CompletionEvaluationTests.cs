using Cooc.Completion;
using Cooc.Courses;
using Cooc.Video;

namespace Cooc.Domain.Tests.Completion;

public sealed class CompletionEvaluationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    internal static Course CourseWith(CompletionRules? rules, params string[] lectureIds) => new(
        "c1", "c1", "acme", "en", new() { ["en"] = "Safety" }, new() { ["en"] = "" },
        [new CourseModule("m1", new() { ["en"] = "One" }, lectureIds.Select(id => new Lecture(id, new() { ["en"] = id })).ToList())],
        null, null, null, CourseVisibility.Organization, CourseStatus.Published, "ines", Now, Now, Now, null, rules);

    private static LectureProgress Watched(string lectureId, bool completed, double seconds = 50) =>
        LectureProgress.Start("c1", "lea", lectureId, "acme", Now) with { Completed = completed, WatchedSeconds = seconds };

    private static CompletionRules Rules(double lectureWeight, double passing, params RequiredAssignment[] assignments) =>
        new(1, null, assignments.ToList(), lectureWeight, passing, null);

    [Fact]
    public void Without_rules_every_lecture_must_be_completed()
    {
        var course = CourseWith(null, "l1", "l2");
        var half = CompletionEvaluation.Evaluate(course, null, [Watched("l1", true), Watched("l2", false)], [], null, Now);
        Assert.Equal((CompletionState.InProgress, 50.0, 1, 2), (half.State, half.Percent, half.LecturesCompleted, half.LecturesRequired));
        Assert.Equal([ItemState.Completed, ItemState.InProgress], half.Items.Select(i => i.State));

        var all = CompletionEvaluation.Evaluate(course, null, [Watched("l1", true), Watched("l2", true)], [], half, Now);
        Assert.Equal((CompletionState.Passed, 100.0, Now), (all.State, all.Percent, all.PassedAt));
        Assert.True(CompletionEvaluation.JustPassed(half, all));
        Assert.False(CompletionEvaluation.JustPassed(all, all));
    }

    [Fact]
    public void Progress_of_lectures_outside_the_rules_is_ignored()
    {
        var course = CourseWith(new CompletionRules(2, ["l2"], [], 1, 60, null), "l1", "l2");
        var p = CompletionEvaluation.Evaluate(course, null, [Watched("l1", true), Watched("l9", true)], [], null, Now);
        Assert.Equal((0, 1, ItemState.NotStarted), (p.LecturesCompleted, p.LecturesRequired, p.Items.Single().State));
        Assert.Equal(2, p.RulesVersion);
    }

    [Theory]
    // lectures weigh 1, the assignment 3; pass at 70 overall and 50 on the assignment.
    [InlineData(true, 80.0, CompletionState.Passed, 85.0)]
    [InlineData(true, 60.0, CompletionState.Failed, 70.0)] // every item decided, 70 < 71: can no longer pass
    [InlineData(false, 80.0, CompletionState.InProgress, 60.0)]
    [InlineData(true, 40.0, CompletionState.Failed, 55.0)]
    public void Overall_grade_weighs_lectures_and_assignments(bool lecturesDone, double grade, CompletionState expected, double percent)
    {
        var rules = Rules(1, 71, new RequiredAssignment("a1", 50, 3));
        var course = CourseWith(rules, "l1");
        var p = CompletionEvaluation.Evaluate(course, null, [Watched("l1", lecturesDone)], [new LearnerAssignmentResult("a1", true, grade)], null, Now);
        Assert.Equal(percent, p.Percent, 2);
        Assert.Equal(expected, p.State);
    }

    [Fact]
    public void A_grade_not_yet_released_is_awaited_and_a_missing_submission_not_started()
    {
        var course = CourseWith(Rules(0, 60, new RequiredAssignment("a1", 50, 1), new RequiredAssignment("a2", 0, 1)), "l1");
        var p = CompletionEvaluation.Evaluate(course, null, [Watched("l1", true)], [new LearnerAssignmentResult("a1", true, null)], null, Now);
        Assert.Equal([ItemState.Completed, ItemState.AwaitingGrade, ItemState.NotStarted], p.Items.Select(i => i.State));
        Assert.Equal(CompletionState.InProgress, p.State);
    }

    [Fact]
    public void Passed_is_final_even_when_a_grade_later_drops()
    {
        var course = CourseWith(Rules(0, 60, new RequiredAssignment("a1", 50, 1)), "l1");
        var passed = CompletionEvaluation.Evaluate(course, null, [Watched("l1", true)], [new LearnerAssignmentResult("a1", true, 90)], null, Now);
        var later = CompletionEvaluation.Evaluate(course, null, [Watched("l1", true)], [new LearnerAssignmentResult("a1", true, 10)], passed, Now.AddDays(3));
        Assert.Equal((CompletionState.Passed, Now), (later.State, later.PassedAt));
        Assert.Equal(10, later.Percent);
    }

    [Fact]
    public void Past_the_due_date_an_unfinished_course_is_overdue_and_the_learners_own_date_wins()
    {
        var course = CourseWith(new CompletionRules(1, null, [], 1, 60, Now.AddDays(-1)), "l1");
        var overdue = CompletionEvaluation.Evaluate(course, null, [], [], null, Now);
        Assert.Equal((CompletionState.Overdue, Now.AddDays(-1)), (overdue.State, overdue.DueDate));
        var ownDate = CompletionEvaluation.Evaluate(course, Now.AddDays(5), [], [], null, Now);
        Assert.Equal(CompletionState.InProgress, ownDate.State);
        var doneLate = CompletionEvaluation.Evaluate(course, null, [Watched("l1", true)], [], overdue, Now);
        Assert.Equal(CompletionState.Passed, doneLate.State);
    }

    [Fact]
    public void Recomputing_the_same_facts_is_the_same_progress()
    {
        var course = CourseWith(Rules(1, 60, new RequiredAssignment("a1", 0, 1)), "l1", "l2");
        var facts = (new[] { Watched("l1", true) }, new[] { new LearnerAssignmentResult("a1", true, 75) });
        var first = CompletionEvaluation.Evaluate(course, null, facts.Item1, facts.Item2, null, Now);
        var again = CompletionEvaluation.Evaluate(course, null, facts.Item1, facts.Item2, first, Now.AddMinutes(5));
        Assert.True(CompletionEvaluation.SameAs(first, again));
        var changed = CompletionEvaluation.Evaluate(course, null, facts.Item1, [new LearnerAssignmentResult("a1", true, 80)], first, Now);
        Assert.False(CompletionEvaluation.SameAs(first, changed));
    }
}
