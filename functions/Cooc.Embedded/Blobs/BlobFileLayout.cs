using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Cooc.Embedded.Blobs;

/// <summary>
/// Where things live under the root: blobs at {root}/{container}/{name}, staged blocks at
/// {root}/.staging/{container}/{sha256 of name}/{hex of block id}, files being written in {root}/.tmp, and separate
/// content files (when the blob file is a COOCBLB2 header) at {root}/.content/{container}/{name}/{etag}.
/// Container names cannot start with '.', so the service folders never collide with a container.
/// </summary>
internal sealed class BlobFileLayout
{
    private static readonly SearchValues<char> ETagChars = SearchValues.Create("0123456789ABCDEFabcdefx");
    private readonly string _rootWithSeparator;

    public BlobFileLayout(string rootPath)
    {
        if (string.IsNullOrWhiteSpace(rootPath))
            throw new ArgumentException("RootPath is required.", nameof(rootPath));
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootPath));
        _rootWithSeparator = Root + Path.DirectorySeparatorChar;
        TempFolder = Path.Join(Root, ".tmp");
        StagingFolder = Path.Join(Root, ".staging");
        ContentRoot = Path.Join(Root, ".content");
    }

    public string Root { get; }
    public string TempFolder { get; }
    public string StagingFolder { get; }

    /// <summary>What a web server in front serves (nginx's internal location aliases it): content files only, no headers.</summary>
    public string ContentRoot { get; }

    /// <summary>The folder of a blob's content files: the current version and, briefly, replaced ones.</summary>
    public string ContentFolder(string container, string name)
    {
        BlobNames.ValidateContainer(container);
        BlobNames.ValidateName(name);
        return UnderRoot(Path.Join(ContentRoot, container, ToRelativePath(name)));
    }

    /// <summary>
    /// The immutable content of one version: named by its ETag, a fresh random value per write. Under the blob's name
    /// rather than a hash of it, so the path says what it is, and a web server can be pointed at it.
    /// </summary>
    public string ContentFile(string container, string name, string etag) =>
        Path.Join(ContentFolder(container, name), CheckETag(etag));

    /// <summary>The content file's path relative to <see cref="ContentRoot"/>, '/'-separated and percent-encoded: for an X-Accel-Redirect.</summary>
    public static string ContentUrlPath(string container, string name, string etag)
    {
        var escaped = Uri.EscapeDataString(name).Replace("%2F", "/", StringComparison.Ordinal);
        return string.Concat(container, "/", escaped, "/", CheckETag(etag));
    }

    public string ContainerFolder(string container)
    {
        BlobNames.ValidateContainer(container);
        return UnderRoot(Path.Join(Root, container));
    }

    public string BlobFile(string container, string name)
    {
        BlobNames.ValidateName(name);
        return UnderRoot(Path.Join(ContainerFolder(container), ToRelativePath(name)));
    }

    /// <summary>The deepest folder that can hold blobs starting with prefix ("a/b/c" lists under "a/b").</summary>
    public string PrefixFolder(string container, string prefix)
    {
        BlobNames.ValidatePrefix(prefix);
        var lastSlash = prefix.LastIndexOf('/');
        var folder = ContainerFolder(container);
        return lastSlash < 0 ? folder : UnderRoot(Path.Join(folder, ToRelativePath(prefix[..lastSlash])));
    }

    /// <summary>Hashing the name keeps staging folders flat and short whatever the blob name.</summary>
    public string StagingFolderOf(string container, string name)
    {
        BlobNames.ValidateName(name);
        BlobNames.ValidateContainer(container);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        return Path.Join(StagingFolder, container, hash);
    }

    /// <summary>Hex of the id's characters (not of its decoded bytes): exact round trip, and case-insensitive file systems are safe.</summary>
    public static string BlockFileName(string blockId) => Convert.ToHexString(Encoding.ASCII.GetBytes(blockId));

    public static string BlockIdOf(string blockFileName) => Encoding.ASCII.GetString(Convert.FromHexString(blockFileName));

    public string NewTempFile() => Path.Join(TempFolder, Guid.NewGuid().ToString("N") + ".tmp");

    public static string NameOf(string containerFolder, string blobFile) =>
        Path.GetRelativePath(containerFolder, blobFile).Replace(Path.DirectorySeparatorChar, '/');

    private static string ToRelativePath(string name) => name.Replace('/', Path.DirectorySeparatorChar);

    // The ETag comes from a header on disk and becomes a file name: only what NewETag makes.
    private static string CheckETag(string etag) =>
        etag.Length is > 2 and <= 64 && !etag.AsSpan().ContainsAnyExcept(ETagChars) ? etag
        : throw new InvalidDataException($"Not a blob file: bad ETag '{etag}'.");

    // Second guard after name validation: whatever the platform's path rules, the result stays inside the root.
    private string UnderRoot(string path)
    {
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(_rootWithSeparator, StringComparison.Ordinal))
            throw new ArgumentException("The blob path leaves the storage root.");
        return full;
    }
}
