using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Cooc.Functions.Identity;

/// <summary>The standalone issuer's HMAC key: 256 random bits, created once in the data folder and readable by the owner only.</summary>
public static class LocalSigningKey
{
    public static SymmetricSecurityKey LoadOrCreate(string dataPath)
    {
        Directory.CreateDirectory(dataPath);
        var path = Path.Combine(dataPath, "token-signing.key");
        if (!File.Exists(path))
        {
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try { File.Move(temp, path, overwrite: false); }
            catch (IOException) { File.Delete(temp); } // another process created it first: use theirs
        }
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim())) { KeyId = "local" };
    }
}
