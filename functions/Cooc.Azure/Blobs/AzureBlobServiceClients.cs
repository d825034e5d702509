using Azure.Core;
using Azure.Storage.Blobs;

namespace Cooc.Azure.Blobs;

/// <summary>Builds the SDK's service client from <see cref="AzureBlobStoreOptions"/>, refusing settings that could not work.</summary>
internal static class AzureBlobServiceClients
{
    public static BlobServiceClient Create(AzureBlobStoreOptions options, TokenCredential? credential)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        if (options.NetworkTimeout is { } timeout)
            clientOptions.Retry.NetworkTimeout = timeout;
        if (options.Transport is not null)
            clientOptions.Transport = options.Transport;

        var service = (options.ConnectionString, options.ServiceUri, credential) switch
        {
            ({ Length: > 0 } connectionString, null, null) => new BlobServiceClient(connectionString, clientOptions),
            (null or "", { } serviceUri, { } token) => new BlobServiceClient(serviceUri, token, clientOptions),
            (null or "", { }, null) => throw new ArgumentException(
                "An identity-based ServiceUri needs a TokenCredential (e.g. DefaultAzureCredential).", nameof(credential)),
            _ => throw new ArgumentException(
                "Set exactly one of ConnectionString (with an account key, no credential) and ServiceUri (with a credential).", nameof(options)),
        };
        if (credential is null && !service.CanGenerateAccountSasUri)
            throw new ArgumentException("The connection string has no AccountKey, so URLs cannot be signed: use one with a key, " +
                "or ServiceUri with a TokenCredential.", nameof(options));
        if (service.Uri.Scheme != Uri.UriSchemeHttps && !service.Uri.IsLoopback && !options.AllowHttp)
            throw new ArgumentException(
                $"The blob endpoint {service.Uri} is not https: set AllowHttp if it is an emulator on another host.", nameof(options));
        return service;
    }
}
