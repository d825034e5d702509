using System.Text.Json.Serialization;
using Cooc.Ports;

namespace Cooc.Video;

/// <summary>Open while blocks are being staged; Completed once committed and queued; Expired when abandoned.</summary>
public enum UploadStatus { Open, Completed, Expired }

/// <summary>
/// A resumable upload of one lecture's source file, staged in blocks straight to blob storage. Stored in the courses
/// container under the course's partition with id "upload:{uploadId}" (<see cref="IdFor"/>) and kind "upload", so it
/// never collides with the course ("{courseId}"), its seat counter ("seats") or its lecture videos ("video:...").
/// </summary>
public sealed record UploadSession(
    string Id,
    string CourseId,
    string LectureId,
    string OrganizationId,
    string FileName,
    long Size,
    string ContentType,
    int BlockSize,
    string BlobName,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    UploadStatus Status,
    string CreatedBy) : IDocument
{
    public const string DocumentKind = "upload";
    private const string IdPrefix = "upload:";

    /// <summary>Stored, so a query can pick upload sessions out of the course partition.</summary>
    public string Kind => DocumentKind;

    public static string IdFor(string uploadId) => IdPrefix + uploadId;

    /// <summary>The id the client knows (in routes and the ingest message); also the version it packages into.</summary>
    public string UploadId => Id.StartsWith(IdPrefix, StringComparison.Ordinal) ? Id[IdPrefix.Length..] : Id;

    [JsonIgnore]
    public int BlockCount => UploadRules.BlockCountFor(Size, BlockSize);

    /// <summary>Every block is BlockSize bytes except the last, which holds the rest.</summary>
    public long BlockLength(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BlockCount);
        return index < BlockCount - 1 ? BlockSize : Size - (long)BlockSize * (BlockCount - 1);
    }

    /// <summary>The block ids in file order: the list to commit.</summary>
    public IReadOnlyList<string> BlockIds() => Enumerable.Range(0, BlockCount).Select(UploadRules.BlockId).ToList();

    /// <summary>Abandoned: still open past its expiry, or already marked expired.</summary>
    public bool IsExpired(DateTimeOffset now) => Status == UploadStatus.Expired || (Status == UploadStatus.Open && now >= ExpiresAt);

    public UploadSession Complete() => this with { Status = UploadStatus.Completed };

    public UploadSession Expire() => Status == UploadStatus.Open ? this with { Status = UploadStatus.Expired } : this;
}

/// <summary>What the instructor's client sends to start an upload.</summary>
public sealed record UploadRequest(string? FileName, long? Size, string? ContentType);

/// <summary>Configurable limits of uploads; <see cref="Default"/> is 10 GiB in 8 MiB blocks, open for 24 hours.</summary>
public sealed record UploadLimits
{
    public static UploadLimits Default { get; } = new();

    public long MaxBytes { get; init; } = UploadRules.DefaultMaxBytes;

    /// <summary>The block size to use when the file fits in <see cref="UploadRules.MaxBlockCount"/> blocks of it.</summary>
    public int PreferredBlockSize { get; init; } = UploadRules.DefaultBlockSize;

    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(24);
}

/// <summary>A validated upload: normalized name and type, how to cut the file into blocks, and until when it may be sent.</summary>
public sealed record UploadPlan(string FileName, long Size, string ContentType, int BlockSize, int BlockCount, DateTimeOffset ExpiresAt)
{
    public long LastBlockLength => Size - (long)BlockSize * (BlockCount - 1);
}

/// <summary>
/// The body of a "video-ingest" message: package this lecture's committed source into Version (the upload id, so a
/// redelivered message re-packages the same version, and a newer upload supersedes it).
/// </summary>
public sealed record VideoIngestMessage(string CourseId, string LectureId, string OrganizationId, string UploadId, string SourceBlob, string Version);
