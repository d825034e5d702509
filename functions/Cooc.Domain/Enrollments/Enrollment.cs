using Cooc.Completion;
using Cooc.Ports;

namespace Cooc.Enrollments;

/// <summary>
/// Pending, Promoting and Withdrawing are short transitions around a seat-counter change: a document left in one
/// of them by a crash is settled by the reconciliation pass (see <see cref="SeatReconciliation"/>).
/// </summary>
public enum EnrollmentStatus { Pending, Enrolled, Waitlisted, Promoting, Withdrawing, Withdrawn }

public enum EnrollmentSource { Self, Assigned }

/// <summary>
/// One learner in one course: enrollments container, partition /courseId, id = learnerId (so retries are idempotent).
/// LearnerName is the name certificates are issued to (from the token's name claim; staff may correct it); Progress is
/// recomputed by course completion whenever a lecture completes or a grade is released.
/// </summary>
public sealed record Enrollment(
    string Id,
    string CourseId,
    string OrganizationId,
    string LearnerOrganizationId,
    EnrollmentStatus Status,
    EnrollmentSource Source,
    string? AssignedBy,
    DateTimeOffset? DueDate,
    DateTimeOffset RequestedAt,
    DateTimeOffset? EnrolledAt,
    DateTimeOffset UpdatedAt,
    string? LearnerName = null,
    CourseProgress? Progress = null) : IDocument
{
    public string LearnerId => Id;

    /// <summary>False while a seat change is in flight; stored so reconciliation finds unsettled documents with one query.</summary>
    public bool Settled => Status is EnrollmentStatus.Enrolled or EnrollmentStatus.Waitlisted or EnrollmentStatus.Withdrawn;

    public bool HoldsSeat => Status == EnrollmentStatus.Enrolled;
}

/// <summary>
/// The course's seat counter: courses container, partition = courseId, id "seats". Taken counts Enrolled learners,
/// Waiting counts Waitlisted ones. Capacity is <see cref="Unlimited"/> when the course sets none.
/// </summary>
public sealed record SeatCounter(string Id, string CourseId, string OrganizationId, long Capacity, long Taken, long Waiting) : IDocument
{
    public const string DocumentId = "seats";
    public const long Unlimited = int.MaxValue;

    public static SeatCounter For(string courseId, string organizationId, int? capacity) =>
        new(DocumentId, courseId, organizationId, capacity ?? Unlimited, 0, 0);

    public bool HasFreeSeat => Taken < Capacity;
}

/// <summary>
/// That a learner has (or had) an enrollment in a course: learners container, partition /learnerId, id "course:{courseId}".
/// It is the index behind "my courses" and is written once, with the first enrollment; statuses are read from the
/// enrollment itself, so later seat changes never have to update it and can never leave it stale.
/// </summary>
public sealed record LearnerCourse(
    string Id,
    string LearnerId,
    string OrganizationId,
    string CourseId,
    string CourseOrganizationId,
    DateTimeOffset RequestedAt) : IDocument
{
    public static string IdFor(string courseId) => $"course:{courseId}";

    public static LearnerCourse From(Enrollment e) =>
        new(IdFor(e.CourseId), e.LearnerId, e.LearnerOrganizationId, e.CourseId, e.OrganizationId, e.RequestedAt);
}
