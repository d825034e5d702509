using System.Text.Json;
using Cooc.Assessment;
using Cooc.Common;
using Cooc.Identity;
using Cooc.Ports;
using static Cooc.Domain.Tests.Assessment.AssessmentFixtures;

namespace Cooc.Domain.Tests.Assessment;

public sealed class DocumentShapeTests
{
    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, DocumentJson.Options);

    [Fact]
    public void Documents_carry_the_partition_key_and_kind_and_round_trip()
    {
        var assignment = Assignment();
        var submission = Submitted("ann", Opens, 1, 1, "bo");
        foreach (var (json, kind) in new[] { (Json(assignment), "assignment"), (Json(submission), "submission"),
                     (Json(ReviewerRecord.New("a1", "acme", "lea", Opens)), "reviewer") })
        {
            Assert.Equal("a1", json.GetProperty("assignmentId").GetString());
            Assert.Equal(kind, json.GetProperty("kind").GetString());
        }
        Assert.False(Json(assignment).TryGetProperty("currentRubric", out _));
        var back = JsonSerializer.Deserialize<Submission>(JsonSerializer.Serialize(submission, DocumentJson.Options), DocumentJson.Options)!;
        Assert.Equal((submission.Id, submission.ReviewerIds[0], submission.ActiveLeases), (back.Id, back.ReviewerIds[0], back.ActiveLeases));
        var a2 = JsonSerializer.Deserialize<Assignment>(JsonSerializer.Serialize(assignment, DocumentJson.Options), DocumentJson.Options)!;
        Assert.True(RubricRules.SameContent(assignment.CurrentRubric, a2.CurrentRubric));
        Assert.Equal(assignment.Settings, a2.Settings with { Files = assignment.Settings.Files });
    }

    [Fact]
    public void Counter_paths_name_the_stored_properties()
    {
        var json = Json(Submitted("ann", Opens));
        foreach (var path in new[] { SubmissionCounters.Revision, SubmissionCounters.ActiveLeases, SubmissionCounters.ExtraLeases, SubmissionCounters.CompletedReviews, SubmissionCounters.FlagCount })
            Assert.True(json.TryGetProperty(path, out _), path);
        Assert.True(Json(ReviewerRecord.New("a1", "acme", "lea", Opens)).TryGetProperty(SubmissionCounters.ReviewsCompleted, out _));
    }

    [Fact]
    public void Counter_increments_mirror_the_in_memory_transitions()
    {
        var lease = ClaimPolicy.LeaseFor(Submitted("ann", Opens), "bo", extra: false, Opens, ClaimOptions.Default);
        Assert.Equal([new Increment("activeLeases", -1), new Increment("completedReviews", 1)], SubmissionCounters.Completed(lease));
        Assert.Equal([new Increment("extraLeases", -1)], SubmissionCounters.Returned(lease with { Extra = true }));
        Assert.Equal([Condition.Eq("revision", 1), Condition.Gt("activeLeases", 0)], SubmissionCounters.When(lease));
        Assert.Equal(1, ReviewerRecord.New("a1", "acme", "bo", Opens).Credit(Opens).ReviewsCompleted);
    }

    [Fact]
    public void Only_seat_holders_take_part_and_staff_are_told_why_not()
    {
        Assert.Null(AssessmentAccess.RefuseParticipate(Who("ann", Role.Learner), Course, Seat("ann")));
        Assert.Equal(RefusalKind.NotFound, AssessmentAccess.RefuseParticipate(Who("ann", Role.Learner), Course, null)!.Kind);
        Assert.Equal(RefusalKind.Forbidden, AssessmentAccess.RefuseParticipate(Instructor, Course, null)!.Kind);
        Assert.Equal(RefusalKind.NotFound, AssessmentAccess.RefuseParticipate(new Caller("x", "other", new HashSet<Role>()), Course, null)!.Kind);
        Assert.True(AssessmentAccess.IsStaff(Instructor, Course));
        Assert.Null(AssessmentAccess.RefuseManage(Instructor, Course));
    }
}
