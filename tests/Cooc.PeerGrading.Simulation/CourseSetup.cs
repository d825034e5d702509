using Cooc.Assessment;
using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Identity;

namespace Cooc.PeerGrading.Simulation;

/// <summary>The course, the assignment (created and given calibration examples through the domain's rules) and who is who.</summary>
public sealed record CourseSetup(Course Course, Assignment Assignment, Caller Staff)
{
    public static readonly DateTimeOffset Opens = new(2027, 1, 4, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Points of each criterion's options: 4 criteria on different scales, 17 points in all.</summary>
    public static readonly int[][] OptionPoints = [[0, 1, 2, 3, 4], [0, 2, 4, 6, 8], [0, 1, 2, 3], [0, 1, 2]];
    private static readonly string[] CriterionIds = ["thesis", "evidence", "structure", "style"];

    /// <summary>Staff's options of the calibration examples: a weak, a middling and a strong answer.</summary>
    private static readonly int[][] CalibrationOptions = [[1, 1, 1, 0], [2, 2, 2, 1], [4, 3, 3, 2]];

    public static DateTimeOffset Day(double day) => Opens + TimeSpan.FromDays(day);

    public static CourseSetup Create(Policy policy)
    {
        var staff = new Caller("ines", "acme", new HashSet<Role> { Role.Instructor });
        var course = new Course("c1", "c1", "acme", "en", new() { ["en"] = "Writing" }, [],
            [new CourseModule("m1", new() { ["en"] = "Week 1" }, [])], null, null, null, CourseVisibility.Organization,
            CourseStatus.Published, staff.UserId, Opens, Opens, Opens);
        var rubric = new RubricInput(OptionPoints.Select((points, c) => new CriterionInput(CriterionIds[c], new() { ["en"] = CriterionIds[c] },
            new() { ["en"] = $"Score the {CriterionIds[c]}." },
            points.Select(p => new OptionInput(new() { ["en"] = $"{p} points" }, p, null)).ToList())).ToList());
        var settings = new AssignmentSettingsInput(new TextSubmissionInput(null), null, Opens, Day(Scenario.DueDay), Day(Scenario.ReviewsDueDay),
            Estimator: policy.FitsReviewerModel ? EstimatorKind.ReviewerModel : EstimatorKind.Median);
        var input = new AssignmentInput("m1", new() { ["en"] = "Essay" }, new() { ["en"] = "Write an essay." }, settings, rubric);
        var assignment = Expect(AssignmentRules.Create(course, input, "a1", staff, Opens));
        for (var e = 0; e < Scenario.CalibrationExamples; e++)
        {
            var options = CalibrationOptions[e].Select((o, c) => (CriterionIds[c], o)).ToDictionary(p => p.Item1, p => p.o);
            assignment = Expect(AssignmentRules.AddCalibrationExample(assignment, course, new CalibrationExampleInput($"Example {e}", options, null), $"ex{e}", staff, Opens));
        }
        return new CourseSetup(course, assignment, staff);
    }

    public RubricVersion Rubric => Assignment.CurrentRubric;

    /// <summary>Option index per criterion id, from options in rubric order.</summary>
    public Dictionary<string, int> ByCriterion(IReadOnlyList<int> options) =>
        Rubric.Criteria.Select((c, i) => (c.CriterionId, options[i])).ToDictionary(p => p.CriterionId, p => p.Item2);

    /// <summary>Staff's options of an example, in rubric order.</summary>
    public int[] StaffOptions(CalibrationExample example) => Rubric.Criteria.Select(c => example.StaffOptions[c.CriterionId]).ToArray();

    public Enrollment EnrollmentOf(string learnerId) =>
        new(learnerId, Course.CourseId, "acme", "acme", EnrollmentStatus.Enrolled, EnrollmentSource.Self, null, null, Opens, Opens, Opens);

    public static Caller LearnerCaller(string learnerId) => new(learnerId, "acme", new HashSet<Role> { Role.Learner });

    public static T Expect<T>(Cooc.Common.Outcome<T> outcome) =>
        outcome.IsRefused ? throw new InvalidOperationException($"Refused: {outcome.Refusal!.Title} {outcome.Refusal.Detail}") : outcome.Value!;
}

/// <summary>An event-driven clock: actions run in time order, ties in the order they were scheduled.</summary>
public sealed class EventClock
{
    private readonly PriorityQueue<Action, (DateTimeOffset At, long Sequence)> queue = new();
    private long sequence;

    public DateTimeOffset Now { get; private set; } = CourseSetup.Opens;

    public void At(DateTimeOffset at, Action action) => queue.Enqueue(action, (at < Now ? Now : at, sequence++));

    public void After(TimeSpan delay, Action action) => At(Now + delay, action);

    public void Run()
    {
        while (queue.TryDequeue(out var action, out var key))
        {
            Now = key.At;
            action();
        }
    }
}
