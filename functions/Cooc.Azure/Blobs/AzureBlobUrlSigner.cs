using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Cooc.Ports;

namespace Cooc.Azure.Blobs;

/// <summary>
/// Service SAS URLs scoped to one blob: signed with the account key when the connection string has one, otherwise
/// with a cached user delegation key. No start time (so one expiry gives one URL, which CDNs can cache), https only
/// unless the endpoint itself is http (an emulator: see <see cref="AzureBlobStoreOptions.AllowHttp"/>).
/// </summary>
internal sealed class AzureBlobUrlSigner
{
    private readonly UserDelegationKeyCache? _delegationKeys;
    private readonly SasProtocol _protocol;

    public AzureBlobUrlSigner(BlobServiceClient service, AzureBlobStoreOptions options, TimeProvider time, TokenCredential? credential)
    {
        _protocol = service.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp;
        if (credential is not null)
        {
            if (options.DelegationKeyLifetime <= TimeSpan.Zero || options.DelegationKeyLifetime > UserDelegationKeyCache.MaxLifetime)
                throw new ArgumentOutOfRangeException(nameof(options), "DelegationKeyLifetime must be positive and at most 7 days.");
            _delegationKeys = new UserDelegationKeyCache(service, time, options.DelegationKeyLifetime);
        }
    }

    /// <summary>Keys fetched so far; 0 when signing with the account key.</summary>
    public int DelegationKeyFetches => _delegationKeys?.Fetches ?? 0;

    public ValueTask<Uri> SignAsync(BlobClient blob, BlobPermissions permissions, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var sas = new BlobSasBuilder(SasPermissionsOf(permissions), expiresAt)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            Protocol = _protocol,
        };
        if (_delegationKeys is null)
            return ValueTask.FromResult(blob.GenerateSasUri(sas));
        var key = _delegationKeys.GetAsync(expiresAt, ct);
        return key.IsCompletedSuccessfully
            ? ValueTask.FromResult(blob.GenerateUserDelegationSasUri(sas, key.Result))
            : SignWithFetchedKeyAsync(blob, sas, key);
    }

    private static async ValueTask<Uri> SignWithFetchedKeyAsync(BlobClient blob, BlobSasBuilder sas, ValueTask<UserDelegationKey> key) =>
        blob.GenerateUserDelegationSasUri(sas, await key);

    /// <summary>Write includes create, so a write URL can upload a new blob; reading a block list needs Read, as in Azure.</summary>
    private static BlobSasPermissions SasPermissionsOf(BlobPermissions permissions) => permissions switch
    {
        BlobPermissions.Read => BlobSasPermissions.Read,
        BlobPermissions.Write => BlobSasPermissions.Write | BlobSasPermissions.Create,
        BlobPermissions.Read | BlobPermissions.Write => BlobSasPermissions.Read | BlobSasPermissions.Write | BlobSasPermissions.Create,
        _ => throw new ArgumentException($"Unsupported permissions '{permissions}'.", nameof(permissions)),
    };
}
