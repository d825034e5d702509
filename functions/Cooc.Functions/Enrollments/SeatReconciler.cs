using Cooc.Courses;
using Cooc.Enrollments;
using Cooc.Ports;

namespace Cooc.Functions.Enrollments;

public enum ReconcileResult { Clean, Repaired, Busy }

/// <summary>Applies <see cref="SeatReconciliation"/> to one course: counter first (guarded by its ETag), then the stale documents.</summary>
public sealed class SeatReconciler(IDocumentStore documents, SeatCounters counters, SeatBooking booking, EnrollmentOptions options, TimeProvider time)
{
    public async Task<ReconcileResult> ReconcileAsync(Course course, bool full, CancellationToken ct)
    {
        if (!full)
        {
            var unsettled = await documents.QueryAsync<Enrollment>(Containers.Enrollments, course.CourseId,
                new DocumentQuery([Condition.Eq("settled", false)], PageSize: 1), ct);
            if (unsettled.Items.Count == 0) return ReconcileResult.Clean;
        }
        for (var attempt = 0; attempt < 10; attempt++)
        {
            // Read the counter before the documents: any seat change after this read changes its ETag and fails our write.
            var counter = await counters.ReadAsync(course, ct);
            var all = await ReadAllAsync(course.CourseId, ct);
            var plan = SeatReconciliation.Plan(counter.Value.Capacity, all.Select(a => a.Value).ToList(), time.GetUtcNow(), options.ReconcileGrace);
            if (plan.Busy) return ReconcileResult.Busy;
            if (plan.Settle.Count == 0 && (counter.Value.Taken, counter.Value.Waiting) == (plan.Taken, plan.Waiting))
            {
                await booking.PromoteAsync(course, ct);
                return ReconcileResult.Clean; // nothing to repair: write nothing, so a redelivered check changes nothing
            }
            try
            {
                await documents.ReplaceAsync(Containers.Courses, course.CourseId, counter.Value with { Taken = plan.Taken, Waiting = plan.Waiting }, counter.ETag, ct);
            }
            catch (DocumentPreconditionFailedException) { continue; }

            var etags = all.ToDictionary(a => a.Value.Id, a => a.ETag);
            var now = time.GetUtcNow();
            foreach (var (enrollment, status) in plan.Settle)
            {
                var settled = enrollment with { Status = status, UpdatedAt = now, EnrolledAt = status == EnrollmentStatus.Enrolled ? now : enrollment.EnrolledAt };
                await documents.ReplaceAsync(Containers.Enrollments, course.CourseId, settled, etags[enrollment.Id], ct);
            }
            await booking.PromoteAsync(course, ct);
            return ReconcileResult.Repaired;
        }
        return ReconcileResult.Busy;
    }

    private async Task<List<StoredDocument<Enrollment>>> ReadAllAsync(string courseId, CancellationToken ct)
    {
        var all = new List<StoredDocument<Enrollment>>();
        string? token = null;
        do
        {
            var page = await documents.QueryAsync<Enrollment>(Containers.Enrollments, courseId, new DocumentQuery([], null, 1000, token), ct);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null);
        return all;
    }
}
