using Cooc.Common;
using Cooc.Courses;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Enrollments;

/// <summary>Pure decisions about who may enroll and how a seat is claimed.</summary>
public static class SeatRules
{
    public const int MaxAssignedLearners = 10_000;

    /// <summary>Take a seat only while one is free and nobody is waiting (the waitlist goes first).</summary>
    public static readonly IReadOnlyList<Condition> ClaimSeatWhen =
        [Condition.LtField("taken", "capacity"), Condition.Eq("waiting", 0)];

    public static readonly IReadOnlyList<Increment> ClaimSeat = [new("taken", 1)];
    public static readonly IReadOnlyList<Increment> JoinWaitlist = [new("waiting", 1)];
    public static readonly IReadOnlyList<Increment> ReleaseSeat = [new("taken", -1)];
    public static readonly IReadOnlyList<Increment> LeaveWaitlist = [new("waiting", -1)];

    /// <summary>Moves one learner from the waitlist to a seat, only while a seat is free.</summary>
    public static readonly IReadOnlyList<Increment> PromoteOne = [new("taken", 1), new("waiting", -1)];
    public static readonly IReadOnlyList<Condition> PromoteWhen = [Condition.LtField("taken", "capacity"), Condition.Gt("waiting", 0)];

    public static Refusal? RefuseSelfEnrollment(Caller caller, Course course, DateTimeOffset now)
    {
        if (!CourseRules.CanSee(caller, course)) return Refusal.NotFound("Course");
        if (!course.IsPublished) return Refusal.Conflict("The course is not published.", "Learners can enroll once the course is published.");
        if (!course.IsEnrollmentOpen(now))
            return Refusal.Conflict("Enrollment is closed.", now < course.EnrollmentOpensAt
                ? $"Enrollment opens at {course.EnrollmentOpensAt:O}."
                : $"Enrollment closed at {course.EnrollmentClosesAt:O}.");
        return null;
    }

    /// <summary>Managers assign training in their own organization's published courses, even outside the self-enrollment window.</summary>
    public static Refusal? RefuseAssignment(Caller caller, Course course, IReadOnlyList<string>? learners, DateTimeOffset? dueDate, DateTimeOffset now)
    {
        if (!CourseRules.CanSee(caller, course)) return Refusal.NotFound("Course");
        if (!ManagesSeats(caller, course))
            return Refusal.Forbidden("Only managers and admins of the course's organization assign training.");
        var errors = new FieldErrors();
        if (learners is null || learners.Count == 0) errors.Add("learners", "List at least one learner id.");
        else if (learners.Count > MaxAssignedLearners) errors.Add("learners", $"At most {MaxAssignedLearners} learners per call.");
        else
            for (var i = 0; i < learners.Count; i++)
                if (!Ids.IsValid(learners[i])) errors.Add($"learners[{i}]", "Not a valid learner id.");
        if (dueDate is { } due && due <= now) errors.Add("dueDate", "Must be in the future.");
        if (errors.Any) return errors.ToRefusal();
        if (!course.IsPublished) return Refusal.Conflict("The course is not published.");
        return null;
    }

    public static bool CanListEnrollments(Caller caller, Course course) => CourseRules.IsStaffOf(caller, course);

    /// <summary>Managers and admins of the course's organization assign training and reconcile its seats.</summary>
    public static bool ManagesSeats(Caller caller, Course course) => caller.IsManager && caller.OrganizationId == course.OrganizationId;
}
