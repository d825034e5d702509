using System.Security.Cryptography;

namespace Cooc.Embedded.Blobs;

/// <summary>The random key that signs blob URLs, kept in the app's data folder so URLs stay valid across restarts.</summary>
public static class BlobSigningKeyFile
{
    public const int KeyLength = 32;

    /// <summary>
    /// Reads the key at path, or creates it: written to a temp file, then moved into place without overwriting,
    /// so two processes starting together agree on one key and nobody ever reads a half-written file.
    /// </summary>
    public static byte[] LoadOrCreate(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath))
            return Read(fullPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temp = fullPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // a secret: owner only
            using (var file = new FileStream(temp, options))
            {
                file.Write(RandomNumberGenerator.GetBytes(KeyLength));
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            // Another process created it first: use theirs.
        }
        finally
        {
            File.Delete(temp);
        }
        return Read(fullPath);
    }

    private static byte[] Read(string path)
    {
        var key = File.ReadAllBytes(path);
        if (key.Length != KeyLength)
            throw new InvalidDataException($"The blob signing key file '{path}' must hold exactly {KeyLength} bytes.");
        return key;
    }
}
