using System.Diagnostics;

namespace Cooc.ClaimLoad;

/// <summary>
/// Everything through the real API: an instructor creates and publishes a course with one module and a peer-graded
/// assignment (gradedBy 3), then each learner enrolls and submits an essay, Parallelism requests at a time.
/// Learner i is "learner-{i}"; the claimers are among them (they must have submitted to claim).
/// </summary>
public sealed class Seeding(CoocApi api, LocalTokens tokens, int parallelism)
{
    private static Dictionary<string, string> En(string text) => new() { ["en"] = text };

    public static string Learner(int i) => $"learner-{i:D5}";

    /// <summary>Learner i of the warmup assignment (<see cref="SubmitAsync"/> with this naming).</summary>
    public static string WarmupLearner(int i) => $"warmup-{i:D5}";

    public async Task<(string CourseId, string AssignmentId)> CreateAssignmentAsync(int gradedBy, int mustGrade)
    {
        var instructor = tokens.Mint("bench-instructor", "instructor");
        var course = await api.PostExpectingAsync("/api/courses", instructor,
            new { title = En("Claims benchmark"), defaultLanguage = "en", visibility = "organization" }, 201);
        var courseId = course.GetProperty("courseId").GetString()!;
        await api.PostExpectingAsync($"/api/courses/{courseId}/publish", instructor, null, 200);
        var withModule = await api.PostExpectingAsync($"/api/courses/{courseId}/modules", instructor, new { title = En("Week 1") }, 201);
        var moduleId = withModule.GetProperty("modules")[0].GetProperty("moduleId").GetString()!;
        var now = DateTimeOffset.UtcNow;
        var assignment = await api.PostExpectingAsync($"/api/courses/{courseId}/assignments", instructor, new
        {
            moduleId, title = En("Essay"), prompt = En("Write an essay."),
            settings = new
            {
                text = new { maxLength = 5000 }, opensAt = now.AddHours(-1), dueAt = now.AddDays(7), reviewsDueAt = now.AddDays(14),
                mustGrade, gradedBy,
            },
            rubric = new { criteria = Rubric.Criteria.Select(c => new
            {
                criterionId = c.Key, name = En(c.Key), prompt = En($"How is the {c.Key}?"),
                options = c.Value.Select(p => new { label = En($"{p} points"), points = p }).ToArray(),
            }).ToArray() },
        }, 201);
        return (courseId, assignment.GetProperty("assignmentId").GetString()!);
    }

    /// <summary>Learners 0..count-1 (named by learner, <see cref="Learner"/> unless given) enroll and submit; returns the seconds it took.</summary>
    public async Task<double> SubmitAsync(string assignmentId, string courseId, int count, int essayLength, Func<int, string>? learner = null)
    {
        var name = learner ?? Learner;
        var watch = Stopwatch.StartNew();
        var essay = string.Concat(Enumerable.Repeat("A peer-graded essay about safety at work. ", essayLength / 42 + 1))[..essayLength];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) =>
        {
            var token = tokens.Mint(name(i), "learner");
            await api.PostExpectingAsync($"/api/courses/{courseId}/enrollments", token, null, 200);
            await api.PostExpectingAsync($"/api/assignments/{assignmentId}/submissions", token, new { text = $"{name(i)}: {essay}" }, 201);
        });
        return watch.Elapsed.TotalSeconds;
    }
}

/// <summary>The benchmark's rubric: points per option of each criterion.</summary>
public static class Rubric
{
    public static readonly Dictionary<string, int[]> Criteria = new() { ["ideas"] = [0, 1, 2, 3], ["style"] = [0, 2, 5], ["grammar"] = [0, 1] };
}
