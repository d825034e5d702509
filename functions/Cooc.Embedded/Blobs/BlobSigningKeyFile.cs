using System.Security.Cryptography;

namespace Cooc.Embedded.Blobs;

/// <summary>The random key that signs blob URLs, kept in the app's data folder so URLs stay valid across restarts.</summary>
public static class BlobSigningKeyFile
{
    public const int KeyLength = 32;

    /// <summary>Reads the key at path, or creates it once (see <see cref="SecretFile"/>: processes starting together agree on one key).</summary>
    public static byte[] LoadOrCreate(string path)
    {
        var key = SecretFile.ReadOrCreate(path, () => RandomNumberGenerator.GetBytes(KeyLength));
        if (key.Length != KeyLength)
            throw new InvalidDataException($"The blob signing key file '{Path.GetFullPath(path)}' must hold exactly {KeyLength} bytes.");
        return key;
    }
}
