using Cooc.Completion;
using Cooc.Enrollments;

namespace Cooc.Functions.Enrollments;

/// <summary>
/// An enrollment; WaitlistPosition (1 = next to get a seat) is given to the waitlisted learner asking about their own.
/// Completion and Percent are the course progress as last computed (GET .../progress/me or .../learners/{id}/progress
/// computes it afresh, with the items).
/// </summary>
public sealed record EnrollmentView(string CourseId, string LearnerId, EnrollmentStatus Status, EnrollmentSource Source,
    DateTimeOffset? DueDate, DateTimeOffset RequestedAt, DateTimeOffset? EnrolledAt, DateTimeOffset UpdatedAt, int? WaitlistPosition = null,
    CompletionState? Completion = null, double? Percent = null)
{
    public static EnrollmentView Of(Enrollment e) =>
        new(e.CourseId, e.LearnerId, e.Status, e.Source, e.DueDate, e.RequestedAt, e.EnrolledAt, e.UpdatedAt, null, e.Progress?.State, e.Progress?.Percent);
}

public sealed record EnrollmentPage(IReadOnlyList<EnrollmentView> Items, string? ContinuationToken);

/// <summary>A manager's assignment: learner ids of the manager's organization, and an optional due date.</summary>
public sealed record AssignTraining(List<string>? Learners, DateTimeOffset? DueDate);

/// <summary>
/// Per learner: a seat or the waitlist; already in the course (due date updated); listed twice; mid-change after a
/// crash (reconciliation settles it); or the id belongs to another organization's learner in this course.
/// </summary>
public enum AssignmentResult { Enrolled, Waitlisted, AlreadyEnrolled, AlreadyWaitlisted, Duplicate, InProgress, IdTaken }

public sealed record AssignmentOutcome(string LearnerId, AssignmentResult Result, EnrollmentStatus Status);

public sealed record AssignmentReport(int Enrolled, int Waitlisted, int Unchanged, IReadOnlyList<AssignmentOutcome> Learners);

public sealed record MyCourseView(string CourseId, string? Title, string? Language, EnrollmentStatus Status, EnrollmentSource Source, DateTimeOffset? DueDate, DateTimeOffset RequestedAt);

public sealed record MyCoursePage(IReadOnlyList<MyCourseView> Items, string? ContinuationToken);
