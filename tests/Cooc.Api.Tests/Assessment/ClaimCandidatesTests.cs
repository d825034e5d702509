using Cooc.Assessment;
using Cooc.Embedded.Documents;
using Cooc.Functions.Assessment;
using Cooc.Ports;

namespace Cooc.Api.Tests.Assessment;

/// <summary>
/// <see cref="ClaimCandidates"/> over the embedded store: the first read of an assignment, which every claim arriving
/// meanwhile waits for, is short; once it thins, the list is read in full in the background.
/// </summary>
public sealed class ClaimCandidatesTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cooc-candidates-" + Guid.NewGuid().ToString("N"));
    private SqliteDocumentStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new SqliteDocumentStore(new SqliteDocumentStoreOptions { DatabasePath = Path.Combine(_folder, "documents.db") });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_first_read_is_short_and_a_thinned_list_is_read_again_in_full()
    {
        var assignment = ClaimSnapshotTests.Assignment;
        var submissions = Enumerable.Range(0, 300).Select(i => ClaimSnapshotTests.Of($"learner-{i:D3}", 300 - i)).ToList();
        await Task.WhenAll(submissions.Select(s => _store.CreateAsync(Containers.Assessment, assignment.AssignmentId, s)));
        var candidates = new ClaimCandidates(_store, new AssessmentOptions(), TimeProvider.System);

        var first = await candidates.MaybeShortAsync(assignment, CancellationToken.None);
        Assert.Equal(submissions.Take(100).Select(s => s.Id), first.Entries.Select(s => s.Id)); // the oldest 100, oldest first
        Assert.NotNull(first.Continuation);

        foreach (var spent in submissions.Take(80)) first.Failed(spent.Id); // under a quarter left: the next claim reads again
        var read = await WaitForAsync(candidates, assignment, s => !ReferenceEquals(s, first));

        Assert.Equal(submissions.Select(s => s.Id), read.Entries.Select(s => s.Id)); // all 300 (the default size is 500)
        Assert.Null(read.Continuation);
    }

    /// <summary>Claims in turn until one is handed a list that matches (the full read runs in the background).</summary>
    private static async Task<ClaimSnapshot> WaitForAsync(ClaimCandidates candidates, Assignment assignment, Func<ClaimSnapshot, bool> match)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var snapshot = await candidates.MaybeShortAsync(assignment, CancellationToken.None);
            if (match(snapshot)) return snapshot;
            await Task.Delay(25);
        }
        throw new TimeoutException("The list was not read again within 5 s.");
    }
}
