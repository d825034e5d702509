namespace Cooc.Embedded.Blobs;

/// <summary>
/// A file written under {root}/.tmp and renamed over its target only when complete and flushed to disk.
/// Rename within one file system is atomic, so readers see the old file or the whole new one; if the writer
/// throws or the process dies first, the target is untouched (a crash leaves a stray temp file, swept at startup).
/// </summary>
internal sealed class AtomicFileWrite : IAsyncDisposable
{
    private readonly string _tempPath;
    private bool _published;

    public AtomicFileWrite(BlobFileLayout layout)
    {
        _tempPath = layout.NewTempFile();
        // No FileStream buffer: callers copy in large chunks already.
        File = new FileStream(_tempPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        });
    }

    public FileStream File { get; }

    /// <summary>
    /// Flushes to disk, closes, and renames over target. Returns the number of bytes written. With lastWriteTime, the
    /// file's modification time is set to it once the data is on disk (a separate content file carries the blob's
    /// Last-Modified for a web server that serves it).
    /// </summary>
    public long PublishAs(string target, string blobName, DateTimeOffset? lastWriteTime = null)
    {
        File.Flush(flushToDisk: true);
        if (lastWriteTime is { } time)
        {
            System.IO.File.SetLastWriteTimeUtc(File.SafeFileHandle, time.UtcDateTime);
            File.Flush(flushToDisk: true);
        }
        var length = File.Length;
        File.Dispose();
        MoveIntoPlace(target, blobName);
        _published = true;
        return length;
    }

    public async ValueTask DisposeAsync()
    {
        if (_published)
            return;
        await File.DisposeAsync();
        try
        {
            System.IO.File.Delete(_tempPath);
        }
        catch (IOException)
        {
            // Best effort: the startup sweep removes it later.
        }
    }

    private void MoveIntoPlace(string target, string blobName)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                System.IO.File.Move(_tempPath, target, overwrite: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
                // A concurrent delete pruned the folder we just created: create it again.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && IsFileFolderClash(target))
            {
                throw new BlobNameClashException(blobName, e);
            }
        }
    }

    private static bool IsFileFolderClash(string target)
    {
        if (Directory.Exists(target))
            return true;
        for (var folder = Path.GetDirectoryName(target); folder is not null; folder = Path.GetDirectoryName(folder))
            if (System.IO.File.Exists(folder))
                return true;
        return false;
    }
}
