using Cooc.Ports;
using Microsoft.Win32.SafeHandles;

namespace Cooc.Embedded.Blobs;

/// <summary>
/// The blobs port on local files: one file per blob under {root}/{container}/{name}, metadata in a small header at the
/// start of the file (see <see cref="BlobFileHeader"/>), every write published by an atomic rename, and signed URLs
/// served by <see cref="SignedBlobEndpoints"/>. Register it as a singleton: it owns per-thread HMAC instances.
/// With <see cref="LocalFileBlobStoreOptions.SeparateContentFiles"/>, the blob file is the header alone and names an
/// immutable content file, which nginx can serve (<see cref="LocalFileBlobStoreOptions.AccelRedirectPrefix"/>).
/// </summary>
public sealed partial class LocalFileBlobStore : IBlobStore, IDisposable
{
    private const int CopyBufferSize = 128 * 1024;

    // A content file is written, then its header published; a writer that replaces the blob meanwhile must not remove
    // it. Replaced versions younger than this are left for the next write or delete of the blob to remove.
    private static readonly TimeSpan ReplacedContentGrace = TimeSpan.FromMinutes(5);
    private readonly BlobFileLayout _layout;
    private readonly SignedBlobUrls _urls;
    private readonly TimeProvider _time;
    private readonly bool _separateContent;

    public LocalFileBlobStore(LocalFileBlobStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxPutBodyBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxPutBodyBytes must be positive.");
        _layout = new BlobFileLayout(options.RootPath);
        _urls = new SignedBlobUrls(options.SigningKey, options.PublicBaseUrl);
        _time = timeProvider ?? TimeProvider.System;
        MaxPutBodyBytes = options.MaxPutBodyBytes;
        AccelRedirectPrefix = options.AccelRedirectPrefix;
        _separateContent = options.SeparateContentFiles || options.AccelRedirectPrefix is not null;
        Directory.CreateDirectory(_layout.TempFolder);
        SweepLeftovers();
    }

    /// <summary>The largest body one signed PUT may carry.</summary>
    public long MaxPutBodyBytes { get; }

    /// <summary>See <see cref="LocalFileBlobStoreOptions.AccelRedirectPrefix"/>.</summary>
    public string? AccelRedirectPrefix { get; }

    internal TimeProvider Time => _time;

    public async Task<BlobInfo> PutAsync(string container, string name, Stream content, string contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = _layout.BlobFile(container, name);
        contentType = BlobNames.NormalizeContentType(contentType);
        await using var write = new AtomicFileWrite(_layout);
        var etag = BlobFileHeader.NewETag();
        var contentOffset = _separateContent ? 0 : BlobFileHeader.Write(write.File, etag, contentType);
        await content.CopyToAsync(write.File, CopyBufferSize, ct);
        var info = await PublishAsync(write, target, new BlobInfo(container, name, 0, contentType, etag, default), contentOffset);
        DeleteStagingFolder(container, name); // as in Azure: Put Blob discards the blob's uncommitted blocks
        return info;
    }

    public Task<BlobInfo?> GetInfoAsync(string container, string name, CancellationToken ct = default)
    {
        using var file = TryOpen(_layout.BlobFile(container, name));
        return Task.FromResult(file is null ? null : InfoOf(container, name, file, out _));
    }

    /// <summary>
    /// For an X-Accel-Redirect: the blob's info and its content file's path under <see cref="AccelRedirectPrefix"/>
    /// (percent-encoded), or a null path for a blob in the single-file layout, which only the app can serve. Null when
    /// there is no blob. Reads the header only; the web server opens the content file itself.
    /// </summary>
    internal (BlobInfo Info, string? RedirectPath)? LocateForRedirect(string container, string name)
    {
        using var file = TryOpen(_layout.BlobFile(container, name));
        if (file is null)
            return null;
        var header = BlobFileHeader.Read(file);
        var info = InfoOf(container, name, header, file);
        return (info, header.HasSeparateContent && AccelRedirectPrefix is { } prefix
            ? prefix + BlobFileLayout.ContentUrlPath(container, name, header.ETag)
            : null);
    }

    /// <summary>A range that starts past the end throws <see cref="ArgumentOutOfRangeException"/>; one that runs past it is cut at the end.</summary>
    public Task<BlobContent?> ReadAsync(string container, string name, BlobRange? range = null, CancellationToken ct = default)
    {
        if (range is not null && (range.Offset < 0 || range.Length < 0))
            throw new ArgumentOutOfRangeException(nameof(range), "A range needs a non-negative offset and length.");
        var file = OpenContent(container, name, out var info, out var contentOffset);
        if (file is null)
            return Task.FromResult<BlobContent?>(null);
        try
        {
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
        string? contentEtag = null;
        try
        {
            using var claimed = TryOpen(doomed);
            contentEtag = claimed is null ? null : BlobFileHeader.Read(claimed) is { HasSeparateContent: true } header ? header.ETag : null;
        }
        catch (InvalidDataException)
        {
            // Not a blob file after all: nothing else to remove.
        }
        File.Delete(doomed);
        PruneEmptyFolders(Path.GetDirectoryName(path)!, _layout.ContainerFolder(container));
        if (contentEtag is not null)
            RemoveContent(container, name, contentEtag);
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

    /// <summary>Publishes a complete write: the header in front of the content, or (separate content) the content file, then its header.</summary>
    private async Task<BlobInfo> PublishAsync(AtomicFileWrite write, string target, BlobInfo draft, int contentOffset)
    {
        if (!_separateContent)
        {
            // Millisecond precision: what the header keeps, so the returned info equals what a later read reports.
            var now = Now();
            BlobFileHeader.WriteLastModified(write.File.SafeFileHandle, now);
            var length = write.PublishAs(target, draft.Name) - contentOffset;
            return draft with { Length = length, LastModified = now };
        }

        // The content first, under a name nobody reads yet; the header's rename then publishes this version, as in the
        // single-file layout. A crash in between leaves an unreferenced content file, removed with the blob's next write.
        var contentFile = _layout.ContentFile(draft.Container, draft.Name, draft.ETag);
        var lastModified = Now();
        var contentLength = write.PublishAs(contentFile, draft.Name, lastModified);
        try
        {
            await using var header = new AtomicFileWrite(_layout);
            BlobFileHeader.Write(header.File, draft.ETag, draft.ContentType, contentLength);
            BlobFileHeader.WriteLastModified(header.File.SafeFileHandle, lastModified);
            header.PublishAs(target, draft.Name);
        }
        catch
        {
            // E.g. a file/folder clash of the blob name: this version was never published.
            TryDeleteFile(contentFile);
            PruneEmptyFolders(Path.GetDirectoryName(contentFile)!, _layout.ContentRoot);
            throw;
        }
        RemoveReplacedContent(draft.Container, draft.Name, keep: draft.ETag);
        return draft with { Length = contentLength, LastModified = lastModified };
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    private static BlobInfo InfoOf(string container, string name, SafeFileHandle file, out int contentOffset)
    {
        var header = BlobFileHeader.Read(file);
        contentOffset = header.ContentOffset;
        return InfoOf(container, name, header, file);
    }

    private static BlobInfo InfoOf(string container, string name, BlobFileHeader header, SafeFileHandle file)
    {
        var length = header.SeparateContentLength ?? RandomAccess.GetLength(file) - header.ContentOffset;
        return new BlobInfo(container, name, length, header.ContentType, header.ETag, header.LastModified);
    }

    /// <summary>
    /// The open file that holds the blob's content, with its info and where the content starts in it; null when there
    /// is no blob. In the separate layout, a reader can find the content of the version it read the header of removed
    /// by a writer that replaced the blob meanwhile: it then reads the new header.
    /// </summary>
    private SafeFileHandle? OpenContent(string container, string name, out BlobInfo info, out long contentOffset)
    {
        var path = _layout.BlobFile(container, name);
        for (var attempt = 1; ; attempt++)
        {
            var file = TryOpen(path);
            if (file is null)
            {
                (info, contentOffset) = (null!, 0);
                return null;
            }
            BlobFileHeader header;
            try
            {
                header = BlobFileHeader.Read(file);
                info = InfoOf(container, name, header, file);
            }
            catch
            {
                file.Dispose();
                throw;
            }
            if (!header.HasSeparateContent)
            {
                contentOffset = header.ContentOffset;
                return file;
            }
            file.Dispose();
            var content = TryOpen(_layout.ContentFile(container, name, header.ETag));
            if (content is not null)
            {
                contentOffset = 0;
                return content;
            }
            if (attempt == 3)
                throw new InvalidDataException($"The content file of blob '{name}' in '{container}' (version {header.ETag}) is missing.");
        }
    }

    /// <summary>Removes one version's content file, then the replaced versions old enough to belong to no write in progress.</summary>
    private void RemoveContent(string container, string name, string etag)
    {
        TryDeleteFile(_layout.ContentFile(container, name, etag));
        RemoveReplacedContent(container, name, keep: null);
    }

    private void RemoveReplacedContent(string container, string name, string? keep)
    {
        var folder = _layout.ContentFolder(container, name);
        var before = _time.GetUtcNow().UtcDateTime - ReplacedContentGrace;
        try
        {
            foreach (var version in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { AttributesToSkip = 0 }))
                if (version.Name != keep && version.LastWriteTimeUtc < before)
                    TryDeleteFile(version.FullName);
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }
        PruneEmptyFolders(folder, _layout.ContentRoot);
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: an unreferenced content file is removed with the blob's next write or delete.
        }
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

    private static void PruneEmptyFolders(string folder, string stopAt)
    {
        for (; folder.Length > stopAt.Length; folder = Path.GetDirectoryName(folder)!)
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
