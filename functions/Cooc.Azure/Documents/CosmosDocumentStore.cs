using System.Net;
using System.Text.Json;
using Cooc.Ports;
using Microsoft.Azure.Cosmos;

namespace Cooc.Azure.Documents;

/// <summary>
/// The documents port on Azure Cosmos DB (NoSQL API, gateway mode). Documents are written with
/// <see cref="DocumentJson.Options"/>; ETags are Cosmos's own. Writes use the stream APIs, so an expected outcome
/// (409, 412, 404) is a status code to map, not an exception to catch. Anything else (429 after the SDK's
/// retries, 5xx, timeouts) reaches the caller as the SDK's CosmosException.
/// </summary>
public sealed class CosmosDocumentStore : IDocumentStore, IDisposable
{
    private const string PartitionKeyMismatch = "1001";

    private readonly CosmosClient _client;
    private readonly CosmosDocumentStoreOptions _options;
    private readonly HttpMessageHandler? _emulatorHandler;

    public CosmosDocumentStore(CosmosDocumentStoreOptions options, global::Azure.Core.TokenCredential? credential = null)
    {
        var byKey = options.ConnectionString is not null;
        var byIdentity = options.AccountEndpoint is not null && credential is not null;
        if (byKey == byIdentity || (options.AccountEndpoint is null) != (credential is null))
            throw new ArgumentException("Set either ConnectionString, or AccountEndpoint and pass a TokenCredential.", nameof(options));
        _options = options;
        var clientOptions = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            Serializer = new SystemTextJsonCosmosSerializer(DocumentJson.Options),
            EnableContentResponseOnWrite = false,
            MaxRetryAttemptsOnRateLimitedRequests = options.MaxRetryAttemptsOnRateLimitedRequests,
            MaxRetryWaitTimeOnRateLimitedRequests = options.MaxRetryWaitTimeOnRateLimitedRequests,
        };
        if (options.AcceptAnyServerCertificate)
        {
            // A custom handler replaces the SDK's, so it also carries the SDK's default connection limit.
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 50 };
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            _emulatorHandler = handler;
            clientOptions.HttpClientFactory = () => new HttpClient(handler, disposeHandler: false);
            clientOptions.LimitToEndpoint = true;
        }
        _client = options.AccountEndpoint is { } endpoint
            ? new CosmosClient(endpoint.ToString(), credential, clientOptions)
            : new CosmosClient(options.ConnectionString, clientOptions);
    }

    /// <summary>
    /// Creates the database and every container of <see cref="CosmosDocumentStoreOptions.Containers"/>, and brings
    /// the indexing policy of an existing container up to date. Needs a key: data-plane roles cannot create them,
    /// so in Azure the same definitions are deployed with the infrastructure.
    /// </summary>
    public Task EnsureCreatedAsync(CancellationToken ct = default) =>
        CosmosSchema.EnsureCreatedAsync(_client, _options.DatabaseName, _options.Containers, ct);

    public async Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken ct = default)
        where T : IDocument
    {
        using var response = await Container(container).ReadItemStreamAsync(ValidId(id), new PartitionKey(partitionKey), cancellationToken: ct)
            .ConfigureAwait(false);
        return IsMissingDocument(response) ? null : await DocumentOf<T>(response.EnsureSuccessStatusCode(), ct).ConfigureAwait(false);
    }

    public async Task<StoredDocument<T>> CreateAsync<T>(string container, string partitionKey, T document, CancellationToken ct = default)
        where T : IDocument
    {
        ValidId(document.Id);
        using var body = Serialize(document);
        using var response = await Container(container).CreateItemStreamAsync(body, new PartitionKey(partitionKey), cancellationToken: ct)
            .ConfigureAwait(false);
        return new StoredDocument<T>(document, Succeeded(response, container, document.Id).Headers.ETag);
    }

    public async Task<StoredDocument<T>> ReplaceAsync<T>(string container, string partitionKey, T document, string? ifMatch, CancellationToken ct = default)
        where T : IDocument
    {
        ValidId(document.Id);
        using var body = Serialize(document);
        using var response = await Container(container).ReplaceItemStreamAsync(body, document.Id, new PartitionKey(partitionKey),
            new ItemRequestOptions { IfMatchEtag = ifMatch }, ct).ConfigureAwait(false);
        return new StoredDocument<T>(document, Succeeded(response, container, document.Id).Headers.ETag);
    }

    public async Task<StoredDocument<T>> UpsertAsync<T>(string container, string partitionKey, T document, string? ifMatch = null, CancellationToken ct = default)
        where T : IDocument
    {
        // With an ETag the caller means "replace what I read": a Replace gives 404 for a missing document, as the port says.
        if (ifMatch is not null)
            return await ReplaceAsync(container, partitionKey, document, ifMatch, ct).ConfigureAwait(false);
        ValidId(document.Id);
        using var body = Serialize(document);
        using var response = await Container(container).UpsertItemStreamAsync(body, new PartitionKey(partitionKey), cancellationToken: ct)
            .ConfigureAwait(false);
        return new StoredDocument<T>(document, Succeeded(response, container, document.Id).Headers.ETag);
    }

    public async Task<bool> DeleteAsync(string container, string partitionKey, string id, string? ifMatch = null, CancellationToken ct = default)
    {
        using var response = await Container(container).DeleteItemStreamAsync(ValidId(id), new PartitionKey(partitionKey),
            new ItemRequestOptions { IfMatchEtag = ifMatch }, ct).ConfigureAwait(false);
        if (IsMissingDocument(response))
            return false;
        Succeeded(response, container, id);
        return true;
    }

    /// <summary>One conditional patch ("incr", "set" and "add" operations, in that order), applied by Cosmos only when the filter predicate holds (else 412).</summary>
    public async Task<StoredDocument<T>?> PatchAsync<T>(string container, string partitionKey, string id,
        DocumentPatch patch, IReadOnlyList<Condition>? when = null, CancellationToken ct = default)
        where T : IDocument
    {
        patch.Check();
        var operations = patch.Increments.Select(i => PatchOperation.Increment(CosmosPropertyPath.Pointer(i.Path), i.Delta))
            .Concat((patch.Sets ?? []).Select(s => PatchOperation.Set(CosmosPropertyPath.Pointer(s.Path), s.Value)))
            .Concat((patch.Appends ?? []).Select(a => PatchOperation.Add(CosmosPropertyPath.Pointer(a.Path) + "/-", a.Value))).ToList();
        var options = new PatchItemRequestOptions
        {
            FilterPredicate = CosmosConditionSql.FilterPredicate(when),
            EnableContentResponseOnWrite = true,
        };
        using var response = await Container(container).PatchItemStreamAsync(ValidId(id), new PartitionKey(partitionKey), operations, options, ct)
            .ConfigureAwait(false);
        // 412 here is the filter predicate failing: the condition did not hold, nothing changed.
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
            return null;
        return await DocumentOf<T>(Succeeded(response, container, id), ct).ConfigureAwait(false);
    }

    public async Task<DocumentPage<T>> QueryAsync<T>(string container, string partitionKey, DocumentQuery query, CancellationToken ct = default)
        where T : IDocument
    {
        var (definition, page) = CosmosQuerySql.Build(query);
        var requestOptions = new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey), MaxItemCount = query.PageSize + 1 };
        var items = new List<StoredDocument<T>>(Math.Min(query.PageSize, 1000));
        string? lastToken = null;
        using var iterator = Container(container).GetItemQueryStreamIterator(definition, requestOptions: requestOptions);
        // Cosmos may split the TOP PageSize+1 rows over several responses (even empty ones): read until they are all in.
        while (iterator.HasMoreResults)
        {
            using var response = (await iterator.ReadNextAsync(ct).ConfigureAwait(false)).EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(response.Content, cancellationToken: ct).ConfigureAwait(false);
            foreach (var document in json.RootElement.GetProperty("Documents").EnumerateArray())
            {
                if (items.Count == query.PageSize)
                    return new DocumentPage<T>(items, lastToken); // a row beyond the page: continue after the page's last one
                items.Add(new StoredDocument<T>(document.Deserialize<T>(DocumentJson.Options)!, document.GetProperty("_etag").GetString()!));
                if (items.Count == query.PageSize)
                    lastToken = new CosmosPageToken(page.Signature, page.OrderBy.Select(k => CosmosScalar.At(document, k.Path)).ToArray()).Encode();
            }
        }
        return new DocumentPage<T>(items, null);
    }

    public void Dispose()
    {
        _client.Dispose();
        _emulatorHandler?.Dispose();
    }

    private Container Container(string name) => _client.GetContainer(_options.DatabaseName, name);

    private static MemoryStream Serialize<T>(T document) => new(JsonSerializer.SerializeToUtf8Bytes(document, DocumentJson.Options));

    private static async Task<StoredDocument<T>> DocumentOf<T>(ResponseMessage response, CancellationToken ct) =>
        new((await JsonSerializer.DeserializeAsync<T>(response.Content, DocumentJson.Options, ct).ConfigureAwait(false))!,
            response.Headers.ETag);

    /// <summary>A 404 about the document; a missing container or database (substatus 1003) is an error, not "no document".</summary>
    private static bool IsMissingDocument(ResponseMessage response) =>
        response.StatusCode == HttpStatusCode.NotFound && response.Headers["x-ms-substatus"] is null or "0";

    /// <summary>The response of a successful write, or the port's exception for an expected failure, or the SDK's.</summary>
    private static ResponseMessage Succeeded(ResponseMessage response, string container, string id) => response.StatusCode switch
    {
        HttpStatusCode.Conflict => throw new DocumentConflictException(container, id),
        HttpStatusCode.PreconditionFailed => throw new DocumentPreconditionFailedException(container, id),
        HttpStatusCode.NotFound when IsMissingDocument(response) => throw new DocumentNotFoundException(container, id),
        HttpStatusCode.BadRequest when response.Headers["x-ms-substatus"] == PartitionKeyMismatch => throw new ArgumentException(
            $"The document's partition key property does not equal the partition key of the call in '{container}'.", "partitionKey"),
        _ => response.EnsureSuccessStatusCode(),
    };

    private static string ValidId(string id) =>
        string.IsNullOrEmpty(id) || id.AsSpan().IndexOfAny("/\\?#") >= 0
            ? throw new ArgumentException($"Invalid document id '{id}': it must be non-empty, without '/', '\\', '?' or '#'.", nameof(id))
            : id;
}
