using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Cooc.Ports;
using BlobInfo = Cooc.Ports.BlobInfo;

namespace Cooc.Azure.Blobs;

/// <summary>Staged block uploads on Azure block blobs, with the local store's rules where the two could differ.</summary>
public sealed partial class AzureBlobStore
{
    /// <summary>Azure's limit on the blocks of one blob.</summary>
    public const int MaxBlocksPerBlob = 50_000;

    /// <summary>
    /// Put Block needs the length up front, so a forward-only source (a request body) is first read into memory:
    /// blocks are meant to be a few MB. A seekable source is sent from its position, and rewound by the SDK to retry.
    /// </summary>
    public async Task StageBlockAsync(string container, string name, string blockId, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = BlockBlob(container, name);
        BlobNameRules.ValidateBlockId(blockId);
        await using var buffered = content.CanSeek ? null : new MemoryStream();
        if (buffered is not null)
        {
            await content.CopyToAsync(buffered, ct);
            buffered.Position = 0;
        }
        try
        {
            await blob.StageBlockAsync(blockId, buffered ?? content, new BlockBlobStageBlockOptions(), ct);
        }
        catch (RequestFailedException e) when (AzureBlobErrors.ForWrite(e, container, name) is { } portException)
        {
            throw portException;
        }
    }

    /// <summary>Sorted by block id, as the local store lists them (clients usually number their ids: upload order).</summary>
    public async Task<IReadOnlyList<StagedBlock>> ListStagedBlocksAsync(string container, string name, CancellationToken ct = default)
    {
        var blob = BlockBlob(container, name);
        try
        {
            var blocks = (await blob.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: ct)).Value;
            return blocks.UncommittedBlocks
                .Select(b => new StagedBlock(b.Name, b.SizeLong))
                .OrderBy(b => b.BlockId, StringComparer.Ordinal)
                .ToList();
        }
        catch (RequestFailedException e) when (AzureBlobErrors.IsBlobOrContainerMissing(e))
        {
            return []; // neither a blob nor staged blocks
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when a listed block is not staged, as the local store does: the
    /// ids are checked against the staged blocks first (which also gives the length the commit response lacks), so
    /// a block that is only part of the committed blob does not count, although Azure's "Latest" would take it.
    /// </summary>
    public async Task<BlobInfo> CommitBlocksAsync(string container, string name, IReadOnlyList<string> blockIds, string contentType,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blockIds);
        var blob = BlockBlob(container, name);
        contentType = BlobNameRules.NormalizeContentType(contentType);
        if (blockIds.Count > MaxBlocksPerBlob)
            throw new ArgumentException($"A blob can have at most {MaxBlocksPerBlob} blocks.", nameof(blockIds));
        foreach (var id in blockIds)
            BlobNameRules.ValidateBlockId(id);

        var staged = (await ListStagedBlocksAsync(container, name, ct)).ToDictionary(b => b.BlockId, b => b.Length, StringComparer.Ordinal);
        long length = 0;
        foreach (var id in blockIds)
            length += staged.TryGetValue(id, out var size)
                ? size
                : throw new InvalidOperationException($"Block '{id}' is not staged for blob '{name}' in '{container}' (never staged, or already committed).");
        try
        {
            var committed = (await blob.CommitBlockListAsync(blockIds,
                new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct)).Value;
            return new BlobInfo(container, name, length, contentType, ETagOf(committed.ETag), committed.LastModified);
        }
        catch (RequestFailedException e) when (AzureBlobErrors.ForWrite(e, container, name) is { } portException)
        {
            throw portException;
        }
    }

    private BlockBlobClient BlockBlob(string container, string name)
    {
        BlobNameRules.ValidateContainer(container);
        BlobNameRules.ValidateName(name);
        return _service.GetBlobContainerClient(container).GetBlockBlobClient(name);
    }
}
