using Cooc.Ports;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>
/// The behaviour every <see cref="IDocumentStore"/> adapter must have. Subclass it with a factory for a fresh store.
/// Each test also uses its own partition keys, so a store shared with other tests would not change the outcome.
/// </summary>
public abstract partial class DocumentStoreContract : IAsyncLifetime
{
    protected const string Learners = Containers.Enrollments;
    protected const string Courses = Containers.Courses;

    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    protected IDocumentStore Store { get; private set; } = null!;

    /// <summary>A course id no other test uses.</summary>
    protected string Partition { get; } = "course-" + Guid.NewGuid().ToString("N");

    protected abstract Task<IDocumentStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
    }

    protected Learner NewLearner(string id, int score = 0, Track track = Track.Audit, int day = 0, bool passed = false, double? grade = null) =>
        new(id, Partition, "Learner " + id, score, track, Monday.AddDays(day), passed, grade);

    [Fact]
    public async Task Read_of_missing_document_returns_null()
    {
        Assert.Null(await Store.ReadAsync<Learner>(Learners, Partition, "nobody"));
    }

    [Fact]
    public async Task Create_then_read_returns_the_document_and_the_same_etag()
    {
        var learner = NewLearner("ada", score: 7, track: Track.Verified, grade: 0.5);

        var created = await Store.CreateAsync(Learners, Partition, learner);
        var read = await Store.ReadAsync<Learner>(Learners, Partition, "ada");

        Assert.NotNull(read);
        Assert.Equal(learner, read.Value);
        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.Equal(created.ETag, read.ETag);
    }

    [Fact]
    public async Task Create_with_existing_id_throws_conflict_and_keeps_the_first()
    {
        await Store.CreateAsync(Learners, Partition, NewLearner("ada", score: 1));

        await Assert.ThrowsAsync<DocumentConflictException>(() => Store.CreateAsync(Learners, Partition, NewLearner("ada", score: 2)));

        Assert.Equal(1, (await Store.ReadAsync<Learner>(Learners, Partition, "ada"))!.Value.Score);
    }

    [Fact]
    public async Task Same_id_in_another_partition_is_another_document()
    {
        var other = "course-" + Guid.NewGuid().ToString("N");
        await Store.CreateAsync(Learners, Partition, NewLearner("ada", score: 1));

        await Store.CreateAsync(Learners, other, NewLearner("ada", score: 2) with { CourseId = other });

        Assert.Equal(1, (await Store.ReadAsync<Learner>(Learners, Partition, "ada"))!.Value.Score);
        Assert.Equal(2, (await Store.ReadAsync<Learner>(Learners, other, "ada"))!.Value.Score);
    }

    [Fact]
    public async Task Replace_with_current_etag_stores_the_document_under_a_new_etag()
    {
        var created = await Store.CreateAsync(Learners, Partition, NewLearner("ada", score: 1));

        var replaced = await Store.ReplaceAsync(Learners, Partition, NewLearner("ada", score: 2), created.ETag);

        Assert.NotEqual(created.ETag, replaced.ETag);
        var read = await Store.ReadAsync<Learner>(Learners, Partition, "ada");
        Assert.Equal((2, replaced.ETag), (read!.Value.Score, read.ETag));
    }

    [Fact]
    public async Task Replace_with_stale_etag_throws_precondition_failed_and_changes_nothing()
    {
        var created = await Store.CreateAsync(Learners, Partition, NewLearner("ada", score: 1));
        var current = await Store.ReplaceAsync(Learners, Partition, NewLearner("ada", score: 2), created.ETag);

        await Assert.ThrowsAsync<DocumentPreconditionFailedException>(
            () => Store.ReplaceAsync(Learners, Partition, NewLearner("ada", score: 3), created.ETag));

        var read = await Store.ReadAsync<Learner>(Learners, Partition, "ada");
        Assert.Equal((2, current.ETag), (read!.Value.Score, read.ETag));
    }

    [Fact]
    public async Task Replace_without_etag_overwrites_whatever_is_stored()
    {
        await Store.CreateAsync(Learners, Partition, NewLearner("ada", score: 1));

        await Store.ReplaceAsync(Learners, Partition, NewLearner("ada", score: 5), ifMatch: null);

        Assert.Equal(5, (await Store.ReadAsync<Learner>(Learners, Partition, "ada"))!.Value.Score);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"some-etag\"")]
    public async Task Replace_of_missing_document_throws_not_found(string? ifMatch)
    {
        await Assert.ThrowsAsync<DocumentNotFoundException>(
            () => Store.ReplaceAsync(Learners, Partition, NewLearner("ghost"), ifMatch));

        Assert.Null(await Store.ReadAsync<Learner>(Learners, Partition, "ghost"));
    }

    [Fact]
    public async Task Upsert_creates_when_missing_then_replaces()
    {
        var first = await Store.UpsertAsync(Learners, Partition, NewLearner("ada", score: 1));
        var second = await Store.UpsertAsync(Learners, Partition, NewLearner("ada", score: 2));

        Assert.NotEqual(first.ETag, second.ETag);
        var read = await Store.ReadAsync<Learner>(Learners, Partition, "ada");
        Assert.Equal((2, second.ETag), (read!.Value.Score, read.ETag));
    }

    [Fact]
    public async Task Upsert_with_etag_behaves_as_replace()
    {
        var created = await Store.CreateAsync(Learners, Partition, NewLearner("ada", score: 1));
        await Store.UpsertAsync(Learners, Partition, NewLearner("ada", score: 2), created.ETag);

        await Assert.ThrowsAsync<DocumentPreconditionFailedException>(
            () => Store.UpsertAsync(Learners, Partition, NewLearner("ada", score: 3), created.ETag));
        await Assert.ThrowsAsync<DocumentNotFoundException>(
            () => Store.UpsertAsync(Learners, Partition, NewLearner("ghost"), created.ETag));

        Assert.Equal(2, (await Store.ReadAsync<Learner>(Learners, Partition, "ada"))!.Value.Score);
    }

    [Fact]
    public async Task Delete_of_missing_document_returns_false()
    {
        Assert.False(await Store.DeleteAsync(Learners, Partition, "ghost"));
        Assert.False(await Store.DeleteAsync(Learners, Partition, "ghost", "\"some-etag\""));
    }

    [Fact]
    public async Task Delete_with_stale_etag_throws_precondition_failed_and_keeps_the_document()
    {
        var created = await Store.CreateAsync(Learners, Partition, NewLearner("ada", score: 1));
        await Store.ReplaceAsync(Learners, Partition, NewLearner("ada", score: 2), created.ETag);

        await Assert.ThrowsAsync<DocumentPreconditionFailedException>(() => Store.DeleteAsync(Learners, Partition, "ada", created.ETag));

        Assert.NotNull(await Store.ReadAsync<Learner>(Learners, Partition, "ada"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Delete_removes_the_document(bool withETag)
    {
        var created = await Store.CreateAsync(Learners, Partition, NewLearner("ada"));

        Assert.True(await Store.DeleteAsync(Learners, Partition, "ada", withETag ? created.ETag : null));

        Assert.Null(await Store.ReadAsync<Learner>(Learners, Partition, "ada"));
        Assert.False(await Store.DeleteAsync(Learners, Partition, "ada"));
    }
}
