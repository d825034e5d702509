using System.Collections.ObjectModel;
using Cooc.Ports;
using Microsoft.Azure.Cosmos;

namespace Cooc.Azure.Documents;

/// <summary>
/// A container, its partition key path, and the ORDER BYs queries run on it. Each ordering becomes a composite
/// index of its keys followed by id ascending (the tie-break <see cref="CosmosOrderBy"/> adds): Cosmos refuses an
/// ORDER BY on several properties without a composite index whose paths and directions match it exactly.
/// </summary>
public sealed record CosmosContainerDefinition(string Name, string PartitionKeyPath, IReadOnlyList<IReadOnlyList<SortKey>> Orderings)
{
    public CosmosContainerDefinition(string name, params IReadOnlyList<IReadOnlyList<SortKey>> orderings)
        : this(name, Containers.PartitionKeyPaths[name], orderings)
    {
    }

    public ContainerProperties ToContainerProperties()
    {
        var indexing = new IndexingPolicy { Automatic = true, IndexingMode = IndexingMode.Consistent };
        indexing.IncludedPaths.Add(new IncludedPath { Path = "/*" });
        indexing.ExcludedPaths.Add(new ExcludedPath { Path = "/\"_etag\"/?" });
        foreach (var ordering in Orderings)
        {
            indexing.CompositeIndexes.Add(new Collection<CompositePath>(CosmosOrderBy.WithTieBreak(ordering)
                .Select(key => new CompositePath
                {
                    Path = CosmosPropertyPath.Pointer(key.Path),
                    Order = key.Descending ? CompositePathSortOrder.Descending : CompositePathSortOrder.Ascending,
                })
                .ToList()));
        }
        return new ContainerProperties(Name, PartitionKeyPath) { IndexingPolicy = indexing };
    }
}

/// <summary>
/// The app's containers (ARCHITECTURE section 4) with the orderings of its queries (grep QueryAsync in Cooc.Functions).
/// A query with a new ORDER BY needs its ordering here, or Cosmos rejects it.
/// Queries without ORDER BY sort by id alone, which the default range index serves.
/// </summary>
public static class CosmosContainerDefinitions
{
    public static readonly IReadOnlyList<CosmosContainerDefinition> All =
    [
        // CourseCatalog.ListAsync: a catalog partition, newest first (optionally only published courses).
        new(Containers.Courses, [new SortKey("updatedAt", Descending: true)]),
        // EnrollmentFunctions (list a course's enrollments) and SeatBooking (head of the waitlist): oldest request first.
        new(Containers.Enrollments, [new SortKey("requestedAt")]),
        // MyCoursesFunction: a learner's courses, newest request first; MyCertificatesFunction: their certificates, newest award first.
        new(Containers.Learners, [new SortKey("requestedAt", Descending: true)], [new SortKey("awardedOn", Descending: true)]),
        // ClaimCandidates and ReviewClaims (peer grading): an assignment's oldest submissions that may need reviews;
        // when none does, those with the fewest completed reviews, oldest first. LeaseExpiry's sweeps: the active
        // leases, the first to expire first.
        new(Containers.Assessment, [new SortKey("submittedAt")], [new SortKey("completedReviews"), new SortKey("submittedAt")], [new SortKey("expiresAt")]),
        new(Containers.Certificates),
    ];
}
