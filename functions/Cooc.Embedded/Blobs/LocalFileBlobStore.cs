using Cooc.Ports;
using Microsoft.Win32.SafeHandles;

namespace Cooc.Embedded.Blobs;

/// <summary>
/// The blobs port on local files: one file per blob under {root}/{container}/{name}, metadata in a small header at the
/// start of the file (see <see cref="BlobFileHeader"/>), every write published by an atomic rename, and signed URLs
/// served by <see cref="SignedBlobEndpoints"/>. Register it as a singleton: it owns per-thread HMAC instances.
/// </summary>
public sealed partial class LocalFileBlobStore : IBlobStore, IDisposable
{
    private const int CopyBufferSize = 128 * 1024;
    private readonly BlobFileLayout _layout;
    private readonly SignedBlobUrls _urls;
    private readonly TimeProvider _time;

    public LocalFileBlobStore(LocalFileBlobStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxPutBodyBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxPutBodyBytes must be positive.");
        _layout = new BlobFileLayout(options.RootPath);
        _urls = new SignedBlobUrls(options.SigningKey, options.PublicBaseUrl);
        _time = timeProvider ?? TimeProvider.System;
        MaxPutBodyBytes = options.MaxPutBodyBytes;
        Directory.CreateDirectory(_layout.TempFolder);
        SweepLeftovers();
    }

    /// <summary>The largest body one signed PUT may carry.</summary>
    public long MaxPutBodyBytes { get; }

    internal TimeProvider Time => _time;

    public async Task<BlobInfo> PutAsync(string container, string name, Stream content, string contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = _layout.BlobFile(container, name);
        contentType = BlobNames.NormalizeContentType(contentType);
        await using var write = new AtomicFileWrite(_layout);
        var etag = BlobFileHeader.NewETag();
        var contentOffset = BlobFileHeader.Write(write.File, etag, contentType);
        await content.CopyToAsync(write.File, CopyBufferSize, ct);
        var info = Publish(write, target, new BlobInfo(container, name, 0, contentType, etag, default), contentOffset);
        DeleteStagingFolder(container, name); // as in Azure: Put Blob discards the blob's uncommitted blocks
        return info;
    }

    public Task<BlobInfo?> GetInfoAsync(string container, string name, CancellationToken ct = default)
    {
        using var file = TryOpen(_layout.BlobFile(container, name));
        return Task.FromResult(file is null ? null : InfoOf(container, name, file, out _));
    }

    /// <summary>A range that starts past the end throws <see cref="ArgumentOutOfRangeException"/>; one that runs past it is cut at the end.</summary>
    public Task<BlobContent?> ReadAsync(string container, string name, BlobRange? range = null, CancellationToken ct = default)
    {
        if (range is not null && (range.Offset < 0 || range.Length < 0))
            throw new ArgumentOutOfRangeException(nameof(range), "A range needs a non-negative offset and length.");
        var file = TryOpen(_layout.BlobFile(container, name));
        if (file is null)
            return Task.FromResult<BlobContent?>(null);
        try
        {
            var info = InfoOf(container, name, file, out var contentOffset);
            var offset = range?.Offset ?? 0;
            if (offset > info.Length)
                throw new ArgumentOutOfRangeException(nameof(range), $"The range starts at {offset}, past the end of the blob ({info.Length} bytes).");
            var length = Math.Min(range?.Length ?? long.MaxValue, info.Length - offset);
            return Task.FromResult<BlobContent?>(new BlobContent(info, new BlobFileRangeStream(file, contentOffset + offset, length)));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public Task<IReadOnlyList<BlobInfo>> ListAsync(string container, string prefix, CancellationToken ct = default)
    {
        var containerFolder = _layout.ContainerFolder(container);
        var folder = _layout.PrefixFolder(container, prefix);
        var blobs = new List<BlobInfo>();
        if (Directory.Exists(folder))
        {
            // AttributesToSkip = 0: on Unix a name starting with '.' counts as hidden, and such blobs must be listed too.
            var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
            foreach (var path in Directory.EnumerateFiles(folder, "*", everything))
            {
                ct.ThrowIfCancellationRequested();
                var name = BlobFileLayout.NameOf(containerFolder, path);
                if (!name.StartsWith(prefix, StringComparison.Ordinal))
                    continue;
                using var file = TryOpen(path);
                if (file is not null) // else deleted since the folder was read
                    blobs.Add(InfoOf(container, name, file, out _));
            }
        }
        blobs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Task.FromResult<IReadOnlyList<BlobInfo>>(blobs);
    }

    public Task<bool> DeleteAsync(string container, string name, CancellationToken ct = default)
    {
        var path = _layout.BlobFile(container, name);
        DeleteStagingFolder(container, name);
        if (Directory.Exists(path))
            return Task.FromResult(false); // a folder of other blobs, not a blob
        // Renaming first claims the file: of two concurrent deletes exactly one returns true.
        var doomed = _layout.NewTempFile();
        try
        {
            File.Move(path, doomed);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult(false);
        }
        File.Delete(doomed);
        PruneEmptyFolders(Path.GetDirectoryName(path)!, _layout.ContainerFolder(container));
        return Task.FromResult(true);
    }

    /// <summary>Completes synchronously: the HMAC key is at hand. Invalid names and permissions throw before returning.</summary>
    public ValueTask<Uri> GetSignedUrlAsync(string container, string name, BlobPermissions permissions, DateTimeOffset expiresAt,
        CancellationToken ct = default)
    {
        // Never sign what could not be stored (and so could not be served).
        BlobNames.ValidateContainer(container);
        BlobNames.ValidateName(name);
        return ValueTask.FromResult(_urls.Create(container, name, permissions, expiresAt));
    }

    internal SignatureCheck CheckSignature(string container, string name, string? sp, string? se, string? sig,
        out BlobPermissions permissions, out DateTimeOffset expiresAt) =>
        _urls.Verify(container, name, sp, se, sig, _time.GetUtcNow(), out permissions, out expiresAt);

    public void Dispose() => _urls.Dispose();

    private BlobInfo Publish(AtomicFileWrite write, string target, BlobInfo draft, int contentOffset)
    {
        // Millisecond precision: what the header keeps, so the returned info equals what a later read reports.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        BlobFileHeader.WriteLastModified(write.File.SafeFileHandle, now);
        var length = write.PublishAs(target, draft.Name) - contentOffset;
        return draft with { Length = length, LastModified = now };
    }

    private static BlobInfo InfoOf(string container, string name, SafeFileHandle file, out int contentOffset)
    {
        var header = BlobFileHeader.Read(file);
        contentOffset = header.ContentOffset;
        var length = RandomAccess.GetLength(file) - header.ContentOffset;
        return new BlobInfo(container, name, length, header.ContentType, header.ETag, header.LastModified);
    }

    /// <summary>Null when there is no blob there (missing, or a folder of other blobs).</summary>
    private static SafeFileHandle? TryOpen(string path)
    {
        try
        {
            // FileShare.Delete: on Windows, lets a writer rename a new version over a file being read.
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException && (Directory.Exists(path) || !File.Exists(path)))
        {
            return null;
        }
    }

    private static void PruneEmptyFolders(string folder, string containerFolder)
    {
        for (; folder.Length > containerFolder.Length; folder = Path.GetDirectoryName(folder)!)
        {
            try
            {
                Directory.Delete(folder); // only succeeds when empty
            }
            catch (IOException)
            {
                return;
            }
        }
    }
}
