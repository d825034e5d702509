using System.Buffers;
using Cooc.Ports;

namespace Cooc.Embedded.Blobs;

/// <summary>
/// The shared <see cref="BlobNameRules"/>, plus what this platform forbids in a file name (nothing more on Linux and
/// macOS; &lt;&gt;:"|?* on Windows). They are the first of two guards against escaping the storage root (the second is
/// <see cref="BlobFileLayout"/>'s full-path check).
/// </summary>
internal static class BlobNames
{
    private static readonly SearchValues<char> PlatformForbidden = SearchValues.Create(
        Path.GetInvalidFileNameChars().Where(c => c is not '/' and >= ' ').ToArray());

    private static readonly bool PlatformForbidsMore = Path.GetInvalidFileNameChars().Any(c => c is not '/' and >= ' ');

    public static void ValidateContainer(string container) => BlobNameRules.ValidateContainer(container);

    public static void ValidateName(string name)
    {
        BlobNameRules.ValidateName(name);
        if (PlatformForbidsMore && name.AsSpan().ContainsAny(PlatformForbidden))
            throw new ArgumentException($"Invalid blob name '{name}': this platform does not allow its characters in file names.", nameof(name));
    }

    public static void ValidatePrefix(string prefix)
    {
        BlobNameRules.ValidatePrefix(prefix);
        if (PlatformForbidsMore && prefix.AsSpan().ContainsAny(PlatformForbidden))
            throw new ArgumentException($"Invalid prefix '{prefix}'.", nameof(prefix));
    }

    public static void ValidateBlockId(string blockId) => BlobNameRules.ValidateBlockId(blockId);

    public static string NormalizeContentType(string? contentType) => BlobNameRules.NormalizeContentType(contentType);
}
