using Cooc.Assessment;
using Cooc.Common;
using Cooc.Functions.Messaging;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Functions.Assessment;

/// <summary>
/// The grading queue's scheduled messages, one <see cref="SubjectHandler{T}"/> per Subject (the queue's other
/// messages go to <see cref="GradingHandler"/>). Each is idempotent; a message naming nothing valid is poison.
/// </summary>
public static class GradingMessageHandlers
{
    public static IServiceCollection AddGradingMessageHandlers(this IServiceCollection services)
    {
        // Reviewers' leases ran out (a sweep per assignment and interval, scheduled by claims): their places go back to the pool.
        services.AddSingleton<IMessageHandler>(sp => Handler<SweepLeases, LeaseExpiry>(sp, LeaseExpiry.SweepSubject,
            m => Ids.IsValid(m.AssignmentId), NoAssignment, (expiry, m, _, ct) => expiry.SweepAsync(m, ct)));
        // One lease ran out (each claim scheduled one before sweeps; such messages may still be queued).
        services.AddSingleton<IMessageHandler>(sp => Handler<ExpireLease, LeaseExpiry>(sp, LeaseExpiry.Subject,
            m => m.LeaseId is { Length: > 0 } && Ids.IsValid(m.AssignmentId) && Ids.IsValid(m.ReviewId), "The message names no assignment, lease or review.",
            (expiry, m, _, ct) => expiry.ExpireAsync(m, ct)));
        // The debounced background fit of the reviewer model (scheduled after reviews).
        services.AddSingleton<IMessageHandler>(sp => Handler<FitReviewers, ReviewerFitJob>(sp, ReviewerFitJob.Subject,
            m => Ids.IsValid(m.AssignmentId), NoAssignment, (fits, m, _, ct) => fits.FitAsync(m, ct)));
        // Reviews closed (scheduled for the reviews-due date): provisional grades become final.
        services.AddSingleton<IMessageHandler>(sp => Handler<FinalizeGrades, GradeFinalization>(sp, GradeFinalization.Subject,
            m => Ids.IsValid(m.AssignmentId), NoAssignment, (finalization, m, _, ct) => finalization.FinalizeAsync(m, ct)));
        // Submissions closed (scheduled): grades whose authors' debt dropped then are released.
        services.AddSingleton<IMessageHandler>(sp => Handler<ReleaseAtClose, ReleasesAtClose>(sp, ReleasesAtClose.Subject,
            m => Ids.IsValid(m.AssignmentId), NoAssignment, (closing, m, _, ct) => closing.ReleaseAsync(m, ct)));
        // An uploaded file's lifetime ended (scheduled when the upload opened): removed unless a submission took it.
        services.AddSingleton<IMessageHandler>(sp => Handler<ExpireSubmissionUpload, UnsubmittedUploads>(sp, UnsubmittedUploads.Subject,
            m => Ids.IsValid(m.AssignmentId) && Ids.IsValid(m.UploadId), "The message names no assignment or upload.",
            (uploads, m, _, ct) => uploads.ExpireAsync(m, ct)));
        // Flexible grading starts applying to a submission (scheduled with it): fewer reviews may now suffice, and no
        // review may come to say so. Grades and releases what is due; a redelivery refreshes progress again.
        services.AddSingleton<IMessageHandler>(sp => Handler<GradeWhenFlexible, SubmissionGrader>(sp, GradeWhenFlexible.Subject,
            m => Ids.IsValid(m.AssignmentId) && m.SubmissionId.StartsWith("submission:", StringComparison.Ordinal),
            "The message names no assignment or submission.",
            (grader, m, message, ct) => grader.GradeWhenFlexibleAsync(m, redelivered: message.DeliveryCount > 1, ct)));
        return services;
    }

    private const string NoAssignment = "The message names no assignment.";

    private static SubjectHandler<T> Handler<T, TService>(IServiceProvider services, string subject, Func<T, bool> isValid, string poisonReason,
        Func<TService, T, ReceivedMessage, CancellationToken, Task> handle) where T : class where TService : notnull =>
        SubjectHandlers.For(services, Queues.Grading, subject, isValid, poisonReason, handle);
}
