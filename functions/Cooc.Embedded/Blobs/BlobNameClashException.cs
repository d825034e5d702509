namespace Cooc.Embedded.Blobs;

/// <summary>
/// A write needs a name to be both a blob and a folder of other blobs ('a' and 'a/b'): Azure allows that,
/// a file system cannot, so the local store refuses the second write.
/// </summary>
public sealed class BlobNameClashException(string name, Exception inner) : InvalidOperationException(
    $"The blob name '{name}' clashes with another blob: in the local file store a name cannot be " +
    "both a blob and a folder of other blobs (like 'a' and 'a/b').", inner);
