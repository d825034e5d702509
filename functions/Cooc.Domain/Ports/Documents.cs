using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cooc.Ports;

/// <summary>Container names and their partition key paths (ARCHITECTURE section 4).</summary>
public static class Containers
{
    public const string Courses = "courses";           // /courseId
    public const string Enrollments = "enrollments";   // /courseId
    public const string Assessment = "assessment";     // /assignmentId
    public const string Learners = "learners";         // /learnerId
    public const string Certificates = "certificates"; // /certificateId

    public static readonly IReadOnlyDictionary<string, string> PartitionKeyPaths = new Dictionary<string, string>
    {
        [Courses] = "/courseId",
        [Enrollments] = "/courseId",
        [Assessment] = "/assignmentId",
        [Learners] = "/learnerId",
        [Certificates] = "/certificateId",
    };
}

/// <summary>Every stored document has a lowercase "id" (and, in this app, an organizationId for tenancy).</summary>
public interface IDocument
{
    string Id { get; }
}

/// <summary>A document as stored, with the ETag to use for optimistic concurrency.</summary>
public sealed record StoredDocument<T>(T Value, string ETag);

public enum Comparison { Equal, NotEqual, LessThan, LessOrEqual, GreaterThan, GreaterOrEqual }

/// <summary>
/// A filter on one property path ("status", "grade.total"): compared with a scalar Value
/// (string, bool, integer, double, DateTimeOffset in UTC, enum, or null), or with another property when OtherPath is set.
/// Values are written with <see cref="DocumentJson.Options"/>, so they compare like the stored JSON.
/// </summary>
public sealed record Condition(string Path, Comparison Op, object? Value = null, string? OtherPath = null)
{
    public static Condition Eq(string path, object? value) => new(path, Comparison.Equal, value);
    public static Condition Ne(string path, object? value) => new(path, Comparison.NotEqual, value);
    public static Condition Lt(string path, object? value) => new(path, Comparison.LessThan, value);
    public static Condition Le(string path, object? value) => new(path, Comparison.LessOrEqual, value);
    public static Condition Gt(string path, object? value) => new(path, Comparison.GreaterThan, value);
    public static Condition Ge(string path, object? value) => new(path, Comparison.GreaterOrEqual, value);
    public static Condition LtField(string path, string otherPath) => new(path, Comparison.LessThan, null, otherPath);
}

public sealed record SortKey(string Path, bool Descending = false);

/// <summary>One atomic numeric change of a property, as in a Cosmos patch "incr" operation.</summary>
public sealed record Increment(string Path, long Delta);

/// <summary>One string added at the end of an array property, as in a Cosmos patch "add" at "/path/-". The array must exist.</summary>
public sealed record Append(string Path, string Value);

/// <summary>
/// One property set to a value, as in a Cosmos patch "set": replaced if present, added if not (its parent must exist).
/// The value is kept as the JSON <see cref="DocumentJson.Options"/> writes; make one with <see cref="Of{T}"/>.
/// </summary>
public sealed record SetProperty(string Path, JsonElement Value)
{
    public static SetProperty Of<T>(string path, T value) => new(path, JsonSerializer.SerializeToElement(value, DocumentJson.Options));
}

/// <summary>The changes one atomic patch applies: increments and sets, then appends. A path is changed at most once.</summary>
public sealed record DocumentPatch(IReadOnlyList<Increment> Increments, IReadOnlyList<Append>? Appends = null, IReadOnlyList<SetProperty>? Sets = null)
{
    /// <summary>As Cosmos DB: a patch holds 1 to 10 changes.</summary>
    public const int MaxChanges = 10;

    public int Count => Increments.Count + (Appends?.Count ?? 0) + (Sets?.Count ?? 0);

    /// <summary>
    /// What every adapter refuses before writing: no change, more than <see cref="MaxChanges"/>, or a set path that is
    /// also incremented or set again (Cosmos would apply them in turn, SQLite all against the old document).
    /// </summary>
    public void Check()
    {
        if (Count is 0 or > MaxChanges)
            throw new ArgumentException($"A patch holds 1 to {MaxChanges} changes.", "patch");
        var sets = Sets ?? [];
        if (sets.Count == 0) return; // increments and appends only: nothing more to check (every claim's take)
        if (sets.Select(s => s.Path).Distinct(StringComparer.Ordinal).Count() < sets.Count || sets.Any(s => Increments.Any(i => i.Path == s.Path)))
            throw new ArgumentException("A patch sets a path at most once, and never one it increments.", "patch");
    }
}

/// <summary>
/// A single-partition query: all Where conditions ANDed, then ORDER BY (id breaks ties), then one page.
/// ContinuationToken is opaque: pass back the one a previous page returned.
/// </summary>
public sealed record DocumentQuery(
    IReadOnlyList<Condition> Where,
    IReadOnlyList<SortKey>? OrderBy = null,
    int PageSize = 100,
    string? ContinuationToken = null);

public sealed record DocumentPage<T>(IReadOnlyList<StoredDocument<T>> Items, string? ContinuationToken);

/// <summary>Create found a document with the same id in the partition (HTTP 409 in Cosmos).</summary>
public sealed class DocumentConflictException(string container, string id)
    : Exception($"A document with id '{id}' already exists in '{container}'.");

/// <summary>If-Match did not match the stored ETag (HTTP 412 in Cosmos).</summary>
public sealed class DocumentPreconditionFailedException(string container, string id)
    : Exception($"The document '{id}' in '{container}' changed since it was read.");

/// <summary>Replace or increment of a document that does not exist (HTTP 404 in Cosmos).</summary>
public sealed class DocumentNotFoundException(string container, string id)
    : Exception($"The document '{id}' does not exist in '{container}'.");

/// <summary>
/// The documents port: Cosmos-shaped and deliberately small. Every call names its container and partition key;
/// queries never cross partitions. Documents are serialized with <see cref="DocumentJson.Options"/>.
/// </summary>
public interface IDocumentStore
{
    Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken ct = default)
        where T : IDocument;

    /// <exception cref="DocumentConflictException">the id exists in that partition.</exception>
    Task<StoredDocument<T>> CreateAsync<T>(string container, string partitionKey, T document, CancellationToken ct = default)
        where T : IDocument;

    /// <exception cref="DocumentNotFoundException"/> <exception cref="DocumentPreconditionFailedException"/>
    Task<StoredDocument<T>> ReplaceAsync<T>(string container, string partitionKey, T document, string? ifMatch, CancellationToken ct = default)
        where T : IDocument;

    /// <summary>Create or replace; with ifMatch set it behaves as Replace (412 if changed, 404 if missing).</summary>
    Task<StoredDocument<T>> UpsertAsync<T>(string container, string partitionKey, T document, string? ifMatch = null, CancellationToken ct = default)
        where T : IDocument;

    /// <summary>False when there was nothing to delete.</summary>
    /// <exception cref="DocumentPreconditionFailedException"/>
    Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch = null, CancellationToken ct = default);

    /// <summary>
    /// Atomically applies the patch (at least one increment or append, at most 10 changes in all) if every condition
    /// holds on the stored document. Returns the updated document, or null when a condition did not hold (nothing changed).
    /// </summary>
    /// <exception cref="DocumentNotFoundException"/>
    Task<StoredDocument<T>?> PatchAsync<T>(string container, string partitionKey, string id,
        DocumentPatch patch, IReadOnlyList<Condition>? when = null, CancellationToken ct = default)
        where T : IDocument;

    Task<DocumentPage<T>> QueryAsync<T>(string container, string partitionKey, DocumentQuery query, CancellationToken ct = default)
        where T : IDocument;
}

public static class DocumentStoreExtensions
{
    /// <summary>
    /// Atomically applies all increments if every condition holds on the stored document ("increment if below capacity"):
    /// a <see cref="IDocumentStore.PatchAsync{T}"/> of increments only. Returns the updated document, or null when a
    /// condition did not hold (nothing changed).
    /// </summary>
    /// <exception cref="DocumentNotFoundException"/>
    public static Task<StoredDocument<T>?> IncrementAsync<T>(this IDocumentStore store, string container, string partitionKey, string id,
        IReadOnlyList<Increment> increments, IReadOnlyList<Condition>? when = null, CancellationToken ct = default)
        where T : IDocument => store.PatchAsync<T>(container, partitionKey, id, new DocumentPatch(increments), when, ct);
}

/// <summary>The one JSON shape of stored documents and messages: camelCase (so "id" is lowercase), enums as camelCase strings.</summary>
public static class DocumentJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
