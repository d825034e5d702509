using System.Reflection;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cooc.Ports;
using BlobInfo = Cooc.Ports.BlobInfo;

namespace Cooc.Azure.Blobs;

/// <summary>
/// The blobs port on Azure Blob Storage (or Azurite): block blobs, service SAS URLs, and the local store's rules for
/// names, content types, ranges and errors, so both adapters pass one contract. ETags are reported without quotes,
/// as the local store reports them. Transient failures are retried by the SDK (see <see cref="AzureBlobStoreOptions"/>).
/// Register it as a singleton: it caches the user delegation key.
/// </summary>
public sealed partial class AzureBlobStore : IBlobStore
{
    private readonly BlobServiceClient _service;
    private readonly AzureBlobUrlSigner _signer;

    public AzureBlobStore(AzureBlobStoreOptions options, TimeProvider time, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _service = AzureBlobServiceClients.Create(options, credential);
        _signer = new AzureBlobUrlSigner(_service, options, time, credential);
    }

    /// <summary>Every container named in <see cref="BlobContainers"/>, which the store expects to exist.</summary>
    public static IReadOnlyList<string> Containers { get; } = typeof(BlobContainers)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    /// <summary>User delegation keys fetched so far (0 with an account key): shows the key is cached.</summary>
    public int DelegationKeyFetches => _signer.DelegationKeyFetches;

    /// <summary>Creates the <see cref="Containers"/> that are missing, private (no anonymous access). Run at startup.</summary>
    public async Task EnsureContainersAsync(CancellationToken ct = default)
    {
        foreach (var container in Containers)
            await _service.GetBlobContainerClient(container).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: ct);
    }

    public async Task<BlobInfo> PutAsync(string container, string name, Stream content, string contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = Blob(container, name);
        contentType = BlobNameRules.NormalizeContentType(contentType);
        // The response has no length: take it from a seekable source, or count a forward-only one as the SDK reads it.
        var counted = content.CanSeek ? null : new ByteCountingStream(content);
        var length = content.CanSeek ? content.Length - content.Position : 0;
        try
        {
            var uploaded = await blob.UploadAsync(counted ?? content,
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
            return new BlobInfo(container, name, counted?.BytesRead ?? length, contentType, ETagOf(uploaded.Value.ETag),
                uploaded.Value.LastModified);
        }
        catch (RequestFailedException e) when (AzureBlobErrors.ForWrite(e, container, name) is { } portException)
        {
            throw portException;
        }
    }

    public async Task<BlobInfo?> GetInfoAsync(string container, string name, CancellationToken ct = default)
    {
        try
        {
            var properties = (await Blob(container, name).GetPropertiesAsync(cancellationToken: ct)).Value;
            return new BlobInfo(container, name, properties.ContentLength, properties.ContentType ?? BlobNameRules.DefaultContentType,
                ETagOf(properties.ETag), properties.LastModified);
        }
        catch (RequestFailedException e) when (AzureBlobErrors.IsBlobOrContainerMissing(e))
        {
            return null;
        }
    }

    /// <summary>As in the local store: a range that starts past the end throws <see cref="ArgumentOutOfRangeException"/>,
    /// one that starts at the end reads as empty, one that runs past it is cut at the end.</summary>
    public async Task<BlobContent?> ReadAsync(string container, string name, BlobRange? range = null, CancellationToken ct = default)
    {
        if (range is not null && (range.Offset < 0 || range.Length < 0))
            throw new ArgumentOutOfRangeException(nameof(range), "A range needs a non-negative offset and length.");
        var blob = Blob(container, name);
        if (range is { Length: 0 })
            return await ReadNothingAtAsync(container, name, range, ct);
        try
        {
            var options = new BlobDownloadOptions { Range = range is null ? default : new HttpRange(range.Offset, range.Length) };
            var download = (await blob.DownloadStreamingAsync(options, ct)).Value;
            var details = download.Details;
            var length = TotalLengthOf(details.ContentRange) ?? details.ContentLength;
            var info = new BlobInfo(container, name, length, details.ContentType ?? BlobNameRules.DefaultContentType,
                ETagOf(details.ETag), details.LastModified);
            return new BlobContent(info, download.Content);
        }
        catch (RequestFailedException e) when (AzureBlobErrors.IsBlobOrContainerMissing(e))
        {
            return null;
        }
        catch (RequestFailedException e) when (AzureBlobErrors.IsRangeNotSatisfiable(e))
        {
            // Azure refuses a range that starts at the end (416) where the local store reads nothing: tell the two apart.
            return await ReadNothingAtAsync(container, name, range!, ct);
        }
    }

    public async Task<IReadOnlyList<BlobInfo>> ListAsync(string container, string prefix, CancellationToken ct = default)
    {
        BlobNameRules.ValidateContainer(container);
        BlobNameRules.ValidatePrefix(prefix);
        var blobs = new List<BlobInfo>();
        try
        {
            await foreach (var item in _service.GetBlobContainerClient(container).GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct))
            {
                var properties = item.Properties;
                blobs.Add(new BlobInfo(container, item.Name, properties.ContentLength ?? 0,
                    properties.ContentType ?? BlobNameRules.DefaultContentType, ETagOf(properties.ETag), properties.LastModified ?? default));
            }
        }
        catch (RequestFailedException e) when (AzureBlobErrors.IsBlobOrContainerMissing(e))
        {
            return [];
        }
        // Ordinal, as the local store sorts: Azure orders by UTF-8 bytes, which differs for some non-ASCII names.
        blobs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return blobs;
    }

    public async Task<bool> DeleteAsync(string container, string name, CancellationToken ct = default)
    {
        var blob = Blob(container, name);
        return (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct)).Value;
    }

    /// <summary>Completes synchronously with an account key, and with a user delegation key except when one is being fetched.</summary>
    public ValueTask<Uri> GetSignedUrlAsync(string container, string name, BlobPermissions permissions, DateTimeOffset expiresAt,
        CancellationToken ct = default) =>
        _signer.SignAsync(Blob(container, name), permissions, expiresAt, ct);

    /// <summary>The client of a blob whose container and name pass the port's rules (else ArgumentException).</summary>
    private BlobClient Blob(string container, string name)
    {
        BlobNameRules.ValidateContainer(container);
        BlobNameRules.ValidateName(name);
        return _service.GetBlobContainerClient(container).GetBlobClient(name);
    }

    private async Task<BlobContent?> ReadNothingAtAsync(string container, string name, BlobRange range, CancellationToken ct)
    {
        var info = await GetInfoAsync(container, name, ct);
        if (info is null)
            return null;
        if (range.Offset > info.Length)
            throw new ArgumentOutOfRangeException(nameof(range), $"The range starts at {range.Offset}, past the end of the blob ({info.Length} bytes).");
        if (range.Offset < info.Length && range.Length != 0)
            return await ReadAsync(container, name, range, ct); // the blob grew since the refused read
        return new BlobContent(info, new MemoryStream([], writable: false));
    }

    /// <summary>Azure's ETags are quoted in headers and bare in listings; the port reports them bare.</summary>
    internal static string ETagOf(ETag? etag)
    {
        var value = etag?.ToString() ?? "";
        return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
    }

    /// <summary>The blob's length from "bytes 10-29/1000"; null when the whole blob was sent.</summary>
    private static long? TotalLengthOf(string? contentRange)
    {
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), out var total) ? total : null;
    }
}
