using Cooc.Ports;

namespace Cooc.Embedded.Documents;

/// <summary>
/// The indexes the embedded store keeps by default: those the app's hot queries need (grep QueryAsync in
/// Cooc.Functions), as Cooc.Azure's CosmosContainerDefinitions lists the orderings Cosmos needs. A query no index
/// serves still works: it reads the whole partition. Each index costs every write to its container a little.
/// </summary>
public static class DocumentIndexes
{
    public static readonly IReadOnlyList<DocumentIndex> Default =
    [
        // A reviewer's leases: the open one (ReviewClaims, on every claim), by review id (ReviewCompletions).
        new(Containers.Assessment, "lease", "reviewerId"),
        // A submission's leases (released when the author resubmits).
        new(Containers.Assessment, "lease", "submissionId"),
        // The active leases, the first to expire first (LeaseExpiry's sweeps).
        new(Containers.Assessment, "lease", ["status"], [new SortKey("expiresAt")]),
        // A reviewer's reviews (their count, with each completion) and a submission's (grading).
        new(Containers.Assessment, "review", "reviewerId"),
        new(Containers.Assessment, "review", "submissionId"),
        // ClaimCandidates: the oldest waiting submissions still short of reviews. Late in a rush most of the oldest are
        // leased up: the counters in the index reject them without reading their bodies (3.4 ms -> 1.0 ms a read
        // of 500 past 3,000 leased-up ones).
        new(Containers.Assessment, "submission", ["status"], [new SortKey("submittedAt")])
            { Include = ["activeLeases", "completedReviews"] },
        // ReviewClaims' extras, when nothing is short: any submission, the fewest completed reviews first, then oldest.
        new(Containers.Assessment, "submission", [], [new SortKey("completedReviews"), new SortKey("submittedAt")]),
        // GradeFinalization: the submissions whose peer grade is still provisional, in id order (only those: see OnlyTrue).
        new(Containers.Assessment, "submission") { OnlyTrue = "peerGrade.provisional" },
        // One kind in id order, without a filter an index narrows by: other authors' submissions (GradeReleases, with each
        // settle once submissions closed), whether any submission exists (assignment edits), and the whole-kind reads of
        // the reviewer fit, finalization, staff views and the flag list. Without them each reads every lease and review too.
        new(Containers.Assessment, "submission"),
        new(Containers.Assessment, "review"),
        new(Containers.Assessment, "reviewer"),
        new(Containers.Assessment, "flag"),
    ];

    /// <summary>The index that narrows the query most (first declared among equals), or null when none serves it.</summary>
    internal static DocumentIndex? Choose(IReadOnlyList<DocumentIndex> indexes, string container, DocumentQuery query)
    {
        DocumentIndex? best = null;
        var bestScore = -1;
        foreach (var index in indexes)
        {
            var score = index.Serves(container, query);
            if (score > bestScore) (best, bestScore) = (index, score);
        }
        return best;
    }

    /// <summary>Throws when two definitions would share an index name.</summary>
    internal static void Validate(IReadOnlyList<DocumentIndex> indexes)
    {
        var clash = indexes.GroupBy(i => i.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"Two index definitions share the name {clash.Key}.", nameof(indexes));
    }
}
