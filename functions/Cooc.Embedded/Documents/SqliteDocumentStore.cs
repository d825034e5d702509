using System.Text.Json;
using Cooc.Ports;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Documents;

/// <summary>
/// The embedded documents store: one SQLite file (WAL), all containers in one table keyed by (container, partition key, id),
/// bodies as JSONB. Writes go through one group-committing writer; reads use a pool of read connections.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore, IAsyncDisposable
{
    private const string PointRead = "SELECT etag, json(body) FROM documents WHERE container = @p0 AND pk = @p1 AND id = @p2";

    private readonly GroupCommitWriter _writer;
    private readonly ReaderPool _readers;
    private readonly WalCheckpointer? _checkpointer;
    private readonly IReadOnlyList<DocumentIndex> _indexes;

    /// <summary>Opens (creating when missing) the database file and its schema.</summary>
    public SqliteDocumentStore(SqliteDocumentStoreOptions options)
    {
        var database = new DocumentDatabase(options);
        _indexes = options.Indexes;
        // Every connection is opened before a thread starts: a failure to open one leaves nothing running.
        var writer = database.OpenWriter();
        SqliteConnection? checkpointing = null;
        try
        {
            if (options.CheckpointInterval is not null) checkpointing = database.OpenCheckpointer();
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        _writer = new GroupCommitWriter(writer, options.MaxBatchSize);
        _readers = new ReaderPool(database, options.MaxIdleReaders);
        if (checkpointing is not null)
            _checkpointer = new WalCheckpointer(checkpointing, options.CheckpointInterval!.Value, options.CheckpointFailed);
    }

    public Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken ct = default)
        where T : IDocument
    {
        return _readers.ReadAsync(statements =>
        {
            using var reader = statements.Get(PointRead, container, partitionKey, id).ExecuteReader();
            return reader.Read() ? Deserialize<T>(reader.GetFieldValue<byte[]>(1), reader.GetString(0)) : null;
        }, ct);
    }

    public Task<StoredDocument<T>> CreateAsync<T>(string container, string partitionKey, T document, CancellationToken ct = default)
        where T : IDocument => WriteDocumentAsync(WriteKind.Create, container, partitionKey, document, null, ct);

    public Task<StoredDocument<T>> ReplaceAsync<T>(string container, string partitionKey, T document, string? ifMatch, CancellationToken ct = default)
        where T : IDocument => WriteDocumentAsync(WriteKind.Replace, container, partitionKey, document, ifMatch, ct);

    public Task<StoredDocument<T>> UpsertAsync<T>(string container, string partitionKey, T document, string? ifMatch = null, CancellationToken ct = default)
        where T : IDocument =>
        WriteDocumentAsync(ifMatch is null ? WriteKind.Upsert : WriteKind.Replace, container, partitionKey, document, ifMatch, ct);

    public async Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch = null, CancellationToken ct = default)
    {
        var op = new WriteOperation
        {
            Kind = WriteKind.Delete, Container = container, PartitionKey = partitionKey, Id = ValidId(id),
            ETag = "", IfMatch = ifMatch, CancellationToken = ct,
        };
        var outcome = await _writer.WriteAsync(op).ConfigureAwait(false);
        return outcome.Status != WriteStatus.NotFound && ThrowIfFailed(op, outcome);
    }

    public async Task<StoredDocument<T>?> PatchAsync<T>(string container, string partitionKey, string id,
        DocumentPatch patch, IReadOnlyList<Condition>? when = null, CancellationToken ct = default)
        where T : IDocument
    {
        var etag = NewETag();
        var op = new WriteOperation
        {
            Kind = WriteKind.Patch, Container = container, PartitionKey = partitionKey, Id = ValidId(id), ETag = etag,
            Statement = PatchSql.Build(container, partitionKey, id, etag, patch, when), CancellationToken = ct,
        };
        var outcome = await _writer.WriteAsync(op).ConfigureAwait(false);
        if (outcome.Status == WriteStatus.ConditionFailed)
            return null;
        ThrowIfFailed(op, outcome);
        return Deserialize<T>(outcome.Body!, etag);
    }

    public Task<DocumentPage<T>> QueryAsync<T>(string container, string partitionKey, DocumentQuery query, CancellationToken ct = default)
        where T : IDocument
    {
        return _readers.ReadAsync(statements =>
        {
            var orderBy = QuerySql.OrderBySignature(query);
            var (text, values) = QuerySql.Build(container, partitionKey, query, orderBy, _indexes);
            var sortKeyCount = query.OrderBy?.Count ?? 0;
            var items = new List<StoredDocument<T>>(Math.Min(query.PageSize, 1000));
            object?[] lastKeys = [];
            var lastId = "";
            string? next = null;
            using var reader = statements.Get(text, values).ExecuteReader();
            while (reader.Read())
            {
                if (items.Count == query.PageSize)
                {
                    // A row beyond the page exists: continue after the page's last row.
                    next = new ContinuationToken(orderBy, lastKeys, lastId).Encode();
                    break;
                }
                items.Add(Deserialize<T>(reader.GetFieldValue<byte[]>(2), reader.GetString(1)));
                if (items.Count == query.PageSize)
                    (lastKeys, lastId) = (SortValues(reader, sortKeyCount), reader.GetString(0));
            }
            return new DocumentPage<T>(items, next);
        }, ct);
    }

    /// <summary>Commits the writes already queued, then closes every connection. Later calls throw ObjectDisposedException.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        _checkpointer?.Dispose();
        _readers.Dispose();
    }

    private async Task<StoredDocument<T>> WriteDocumentAsync<T>(
        WriteKind kind, string container, string partitionKey, T document, string? ifMatch, CancellationToken ct)
        where T : IDocument
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(document, DocumentJson.Options);
        PartitionKeyCheck.Verify(container, partitionKey, body);
        var op = new WriteOperation
        {
            Kind = kind, Container = container, PartitionKey = partitionKey, Id = ValidId(document.Id),
            ETag = NewETag(), IfMatch = ifMatch, Body = body, CancellationToken = ct,
        };
        ThrowIfFailed(op, await _writer.WriteAsync(op).ConfigureAwait(false));
        return new StoredDocument<T>(document, op.ETag);
    }

    private static bool ThrowIfFailed(WriteOperation op, WriteOutcome outcome) => outcome.Status switch
    {
        WriteStatus.Done => true,
        WriteStatus.Conflict => throw new DocumentConflictException(op.Container, op.Id),
        WriteStatus.NotFound => throw new DocumentNotFoundException(op.Container, op.Id),
        WriteStatus.PreconditionFailed => throw new DocumentPreconditionFailedException(op.Container, op.Id),
        _ => throw new InvalidOperationException($"Unexpected write status {outcome.Status}."),
    };

    private static StoredDocument<T> Deserialize<T>(byte[] json, string etag) =>
        new(JsonSerializer.Deserialize<T>(json, DocumentJson.Options)!, etag);

    private static object?[] SortValues(Microsoft.Data.Sqlite.SqliteDataReader reader, int count)
    {
        var values = new object?[count];
        for (var i = 0; i < count; i++)
            values[i] = reader.IsDBNull(QuerySql.FirstSortColumn + i) ? null : reader.GetValue(QuerySql.FirstSortColumn + i);
        return values;
    }

    // Quoted like an HTTP ETag, as Cosmos returns them; opaque to callers. A random prefix per process and a counter:
    // unique across restarts and processes sharing the file, without a random-number syscall per write.
    private static readonly string ETagPrefix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
    private static long _etagCounter;

    private static string NewETag() => $"\"{ETagPrefix}-{Interlocked.Increment(ref _etagCounter):x}\"";

    private static string ValidId(string id) =>
        string.IsNullOrEmpty(id) || id.AsSpan().IndexOfAny("/\\?#") >= 0
            ? throw new ArgumentException($"Invalid document id '{id}': it must be non-empty, without '/', '\\', '?' or '#'.", nameof(id))
            : id;
}
