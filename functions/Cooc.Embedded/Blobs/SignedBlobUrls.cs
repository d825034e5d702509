using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cooc.Ports;

namespace Cooc.Embedded.Blobs;

/// <summary>Why a signed URL was refused (or not).</summary>
internal enum SignatureCheck { Valid, Missing, Invalid, Expired }

/// <summary>
/// HMAC-SHA256 signed blob URLs: {base}/blobs/{container}/{escaped name}?se={unix seconds}&amp;sp={r|w|rw}&amp;sig={base64url}.
/// The MAC covers "container\nname\nsp\nse" with the name unescaped, so it does not depend on how a client or proxy
/// re-encodes the path. Only the name can hold '\n', and it sits between fixed-shape fields, so the string is unambiguous.
/// </summary>
internal sealed class SignedBlobUrls : IDisposable
{
    private const int MacLength = 32;
    private static readonly SearchValues<char> UnescapedPathChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/");
    private readonly string _blobsBase;
    // A playlist signs ~600 URLs: one HMAC per thread keeps the key schedule and avoids an allocation per URL.
    private readonly ThreadLocal<HMACSHA256> _hmac;

    public SignedBlobUrls(byte[] key, string publicBaseUrl)
    {
        if (key is not { Length: >= 32 })
            throw new ArgumentException("The signing key must be at least 32 bytes.", nameof(key));
        if (!Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"PublicBaseUrl '{publicBaseUrl}' must be an absolute http(s) URL.", nameof(publicBaseUrl));
        var keyCopy = key.ToArray();
        _hmac = new ThreadLocal<HMACSHA256>(() => new HMACSHA256(keyCopy), trackAllValues: true);
        _blobsBase = publicBaseUrl.TrimEnd('/') + "/blobs/";
    }

    public Uri Create(string container, string name, BlobPermissions permissions, DateTimeOffset expiresAt)
    {
        var sp = permissions switch
        {
            BlobPermissions.Read => "r",
            BlobPermissions.Write => "w",
            BlobPermissions.Read | BlobPermissions.Write => "rw",
            _ => throw new ArgumentException($"Unsupported permissions '{permissions}'.", nameof(permissions)),
        };
        var se = expiresAt.ToUnixTimeSeconds();
        Span<byte> mac = stackalloc byte[MacLength];
        ComputeMac(container, name, sp, se, mac);
        // Most names (ids, "seg00042.ts") need no escaping. EscapeDataString escapes '/' too; a literal '%' becomes
        // "%25", so every "%2F" in its output is one of the name's slashes.
        var path = name.AsSpan().ContainsAnyExcept(UnescapedPathChars)
            ? Uri.EscapeDataString(name).Replace("%2F", "/", StringComparison.Ordinal)
            : name;
        var url = string.Concat(_blobsBase, container, "/", path, "?se=", se.ToString(CultureInfo.InvariantCulture),
            "&sp=", sp, "&sig=", Base64Url.EncodeToString(mac));
        return new Uri(url);
    }

    public SignatureCheck Verify(string container, string name, string? sp, string? se, string? sig, DateTimeOffset now,
        out BlobPermissions permissions, out DateTimeOffset expiresAt)
    {
        permissions = default;
        expiresAt = default;
        if (string.IsNullOrEmpty(sp) || string.IsNullOrEmpty(se) || string.IsNullOrEmpty(sig))
            return SignatureCheck.Missing;
        permissions = sp switch { "r" => BlobPermissions.Read, "w" => BlobPermissions.Write, "rw" => BlobPermissions.Read | BlobPermissions.Write, _ => 0 };
        Span<byte> given = stackalloc byte[MacLength];
        if (permissions == 0
            || !long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || !TryDecodeMac(sig, given))
            return SignatureCheck.Invalid;
        Span<byte> expected = stackalloc byte[MacLength];
        ComputeMac(container, name, sp, seconds, expected);
        if (!CryptographicOperations.FixedTimeEquals(given, expected))
            return SignatureCheck.Invalid;
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return now > expiresAt ? SignatureCheck.Expired : SignatureCheck.Valid;
    }

    // TryDecodeFromChars only returns false for a short destination: malformed input (a character outside the alphabet,
    // or unused bits set in the last one) throws, and must be a refusal, not a server error.
    private static bool TryDecodeMac(string sig, Span<byte> mac)
    {
        if (sig.Length != Base64Url.GetEncodedLength(MacLength))
            return false;
        try
        {
            return Base64Url.TryDecodeFromChars(sig, mac, out var length) && length == MacLength;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private int _disposed;

    /// <summary>Idempotent: the store and the DI container may both dispose it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var hmac in _hmac.Values)
            hmac.Dispose();
        _hmac.Dispose();
    }

    private void ComputeMac(string container, string name, string sp, long se, Span<byte> mac)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(container.Length + name.Length + sp.Length) + 24;
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var at = Encoding.UTF8.GetBytes(container, buffer);
            buffer[at++] = (byte)'\n';
            at += Encoding.UTF8.GetBytes(name, buffer[at..]);
            buffer[at++] = (byte)'\n';
            at += Encoding.UTF8.GetBytes(sp, buffer[at..]);
            buffer[at++] = (byte)'\n';
            se.TryFormat(buffer[at..], out var written, default, CultureInfo.InvariantCulture);
            at += written;
            _hmac.Value!.TryComputeHash(buffer[..at], mac, out _);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
