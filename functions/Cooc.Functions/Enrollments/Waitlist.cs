using Cooc.Enrollments;
using Cooc.Ports;

namespace Cooc.Functions.Enrollments;

/// <summary>Where a waitlisted learner stands: promotion goes by request time, then id, so that is the order counted here.</summary>
public static class Waitlist
{
    public static async Task<int?> PositionAsync(IDocumentStore documents, Enrollment enrollment, CancellationToken ct)
    {
        if (enrollment.Status != EnrollmentStatus.Waitlisted) return null;
        var ahead = 0;
        string? token = null;
        do
        {
            var page = await documents.QueryAsync<Enrollment>(Containers.Enrollments, enrollment.CourseId, new DocumentQuery(
                [Condition.Eq("status", EnrollmentStatus.Waitlisted), Condition.Le("requestedAt", enrollment.RequestedAt)], null, 1000, token), ct);
            ahead += page.Items.Count(i => i.Value.RequestedAt < enrollment.RequestedAt
                || (i.Value.RequestedAt == enrollment.RequestedAt && string.CompareOrdinal(i.Value.Id, enrollment.Id) < 0));
            token = page.ContinuationToken;
        } while (token is not null);
        return ahead + 1;
    }
}
