using System.Security.Cryptography;
using Cooc.Embedded.Blobs;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>A fresh folder under the system temp path, deleted on Dispose; the blob root is a child of it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), "cooc-blobs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The store's root: one level down, so tests can put bait files next to it.</summary>
    public string BlobRoot => System.IO.Path.Join(Path, "root");

    public static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);

    public LocalFileBlobStore CreateStore(TimeProvider? time = null, long maxPutBodyBytes = LocalFileBlobStoreOptions.DefaultMaxPutBodyBytes,
        bool separateContentFiles = false, string? accelRedirectPrefix = null) =>
        new(new LocalFileBlobStoreOptions
        {
            RootPath = BlobRoot,
            SigningKey = SigningKey,
            PublicBaseUrl = "http://localhost",
            MaxPutBodyBytes = maxPutBodyBytes,
            SeparateContentFiles = separateContentFiles,
            AccelRedirectPrefix = accelRedirectPrefix,
        }, time);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
