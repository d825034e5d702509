using Cooc.Ports;

namespace Cooc.Embedded.Blobs;

/// <summary>Staged block uploads, with Azure's rules: blocks are files until committed, and survive restarts.</summary>
public sealed partial class LocalFileBlobStore
{
    /// <summary>Azure's limit on the blocks of one blob.</summary>
    public const int MaxBlocksPerBlob = 50_000;

    // Azure garbage-collects uncommitted blocks after a week; temp files only outlive a crashed write.
    private static readonly TimeSpan AbandonedStagingAge = TimeSpan.FromDays(7);
    private static readonly TimeSpan AbandonedTempAge = TimeSpan.FromDays(1);

    public async Task StageBlockAsync(string container, string name, string blockId, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        BlobNames.ValidateBlockId(blockId);
        var folder = _layout.StagingFolderOf(container, name);
        var blockFile = BlobFileLayout.BlockFileName(blockId);
        var other = Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Select(Path.GetFileName).FirstOrDefault() : null;
        if (other is not null && other.Length != blockFile.Length)
            throw new ArgumentException(
                $"Block id '{blockId}' differs in length from the blocks already staged for '{name}': as in Azure, all must be the same length.",
                nameof(blockId));
        await using var write = new AtomicFileWrite(_layout);
        await content.CopyToAsync(write.File, CopyBufferSize, ct);
        write.PublishAs(Path.Join(folder, blockFile), name); // restaging an id replaces the block atomically
    }

    /// <summary>Sorted by block id (clients usually number their ids, so this is upload order).</summary>
    public Task<IReadOnlyList<StagedBlock>> ListStagedBlocksAsync(string container, string name, CancellationToken ct = default)
    {
        var folder = new DirectoryInfo(_layout.StagingFolderOf(container, name));
        IReadOnlyList<StagedBlock> blocks = [];
        try
        {
            if (folder.Exists)
                blocks = folder.EnumerateFiles()
                    .Select(f => new StagedBlock(BlobFileLayout.BlockIdOf(f.Name), f.Length))
                    .OrderBy(b => b.BlockId, StringComparer.Ordinal)
                    .ToList();
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            // Committed or deleted while we listed: nothing is staged any more.
        }
        return Task.FromResult(blocks);
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> when a listed block was never staged (or was already committed).</summary>
    public async Task<BlobInfo> CommitBlocksAsync(string container, string name, IReadOnlyList<string> blockIds, string contentType,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blockIds);
        var target = _layout.BlobFile(container, name);
        var folder = _layout.StagingFolderOf(container, name);
        contentType = BlobNames.NormalizeContentType(contentType);
        if (blockIds.Count > MaxBlocksPerBlob)
            throw new ArgumentException($"A blob can have at most {MaxBlocksPerBlob} blocks.", nameof(blockIds));
        foreach (var id in blockIds)
        {
            BlobNames.ValidateBlockId(id);
            if (!File.Exists(BlockPath(folder, id)))
                throw NotStaged(container, name, id, null);
        }

        await using var write = new AtomicFileWrite(_layout);
        var etag = BlobFileHeader.NewETag();
        var contentOffset = _separateContent ? 0 : BlobFileHeader.Write(write.File, etag, contentType);
        foreach (var id in blockIds)
        {
            await using var block = OpenBlock(container, name, folder, id);
            await block.CopyToAsync(write.File, CopyBufferSize, ct);
        }
        var info = await PublishAsync(write, target, new BlobInfo(container, name, 0, contentType, etag, default), contentOffset);
        DeleteStagingFolder(container, name); // unlisted blocks are discarded, as in Azure
        return info;
    }

    private static FileStream OpenBlock(string container, string name, string folder, string id)
    {
        try
        {
            return new FileStream(BlockPath(folder, id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotStaged(container, name, id, e); // a concurrent commit took it
        }
    }

    private static string BlockPath(string folder, string id) => Path.Join(folder, BlobFileLayout.BlockFileName(id));

    private static InvalidOperationException NotStaged(string container, string name, string id, Exception? inner) =>
        new($"Block '{id}' is not staged for blob '{name}' in '{container}' (never staged, or already committed).", inner);

    private void DeleteStagingFolder(string container, string name)
    {
        var folder = _layout.StagingFolderOf(container, name);
        if (!Directory.Exists(folder))
            return; // the usual case, checked first: an exception per blob written cost more than the write's own syscalls
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed meanwhile by a concurrent write or delete of the same blob.
        }
    }

    /// <summary>Removes temp files of crashed writes and uploads abandoned for a week.</summary>
    private void SweepLeftovers()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var temp in new DirectoryInfo(_layout.TempFolder).EnumerateFiles())
            if (now - temp.LastWriteTimeUtc > AbandonedTempAge)
                TryDelete(() => temp.Delete());

        var staging = new DirectoryInfo(_layout.StagingFolder);
        if (!staging.Exists)
            return;
        foreach (var upload in staging.EnumerateDirectories().SelectMany(c => c.EnumerateDirectories()))
        {
            var newest = upload.EnumerateFiles().Select(f => f.LastWriteTimeUtc).DefaultIfEmpty(upload.LastWriteTimeUtc).Max();
            if (now - newest > AbandonedStagingAge)
                TryDelete(() => upload.Delete(recursive: true));
        }
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (IOException)
        {
            // In use or already gone: the next start tries again.
        }
    }
}
