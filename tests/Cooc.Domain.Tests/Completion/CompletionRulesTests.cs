using Cooc.Common;
using Cooc.Completion;

namespace Cooc.Domain.Tests.Completion;

public sealed class CompletionRulesTests
{
    private static readonly HashSet<string> CourseAssignments = ["a1", "a2"];

    [Fact]
    public void Valid_rules_get_the_next_version_and_defaults()
    {
        var course = CompletionEvaluationTests.CourseWith(null, "l1", "l2");
        var rules = CompletionRulesValidation.Decide(course, new(["l1"], [new("a1", 50, null)], null, null, null), CourseAssignments).Value!;
        Assert.Equal((1, 0.0, 60.0), (rules.Version, rules.LectureWeight, rules.PassingPercent));
        Assert.Equal(new RequiredAssignment("a1", 50, 1), rules.RequiredAssignments.Single());
        var next = CompletionRulesValidation.Decide(course with { Completion = rules }, new(null, null, null, 80, null), CourseAssignments).Value!;
        Assert.Equal((2, 1.0, 80.0), (next.Version, next.LectureWeight, next.PassingPercent));
        Assert.Null(next.RequiredLectureIds);
    }

    public static TheoryData<CompletionRulesInput, string> Invalid => new()
    {
        { new(["l9"], null, null, null, null), "requiredLectureIds" },
        { new(["l1", "l1"], null, null, null, null), "requiredLectureIds" },
        { new(null, [new("other-course", 0, 1)], null, null, null), "requiredAssignments[0].assignmentId" },
        { new(null, [new("a1", 120, 1)], null, null, null), "requiredAssignments[0].minimumPercent" },
        { new(null, [new("a1", 50, -1)], null, null, null), "requiredAssignments[0].weight" },
        { new(null, [new("a1", 50, 1), new("a1", 60, 1)], null, null, null), "requiredAssignments" },
        { new(null, null, -2, null, null), "lectureWeight" },
        { new(null, [new("a1", 50, 0)], 0, null, null), "lectureWeight" },
        { new(null, null, null, 101, null), "passingPercent" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_rules_are_refused_naming_the_field(CompletionRulesInput input, string field)
    {
        var refusal = CompletionRulesValidation.Decide(CompletionEvaluationTests.CourseWith(null, "l1"), input, CourseAssignments).Refusal!;
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
        Assert.Contains(field, refusal.Errors!.Keys);
    }
}
