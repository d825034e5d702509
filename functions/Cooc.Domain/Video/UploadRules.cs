using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cooc.Common;
using Cooc.Ports;

namespace Cooc.Video;

/// <summary>Pure decisions about resumable uploads of lecture videos in blocks (Azure block blob rules).</summary>
public static class UploadRules
{
    public const long DefaultMaxBytes = 10L * 1024 * 1024 * 1024;
    public const int DefaultBlockSize = 8 * 1024 * 1024;

    /// <summary>Azure's limit of blocks in one block blob.</summary>
    public const int MaxBlockCount = 50_000;

    /// <summary>The largest block this plans (Azure allows 4000 MiB; 1 GiB keeps sizes in an int and is plenty: 48 TiB files).</summary>
    public const int MaxBlockSize = 1024 * 1024 * 1024;

    public const int MaxFileNameLength = 255;

    /// <summary>Service Bus limits message ids to 128 characters.</summary>
    public const int MaxMessageIdLength = 128;

    public static Outcome<UploadPlan> Plan(UploadRequest request, UploadLimits limits, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.MaxBytes, (long)MaxBlockCount * MaxBlockSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.PreferredBlockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.PreferredBlockSize, MaxBlockSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limits.SessionLifetime, TimeSpan.Zero);

        var errors = new FieldErrors();
        var fileName = request.FileName?.Trim();
        if (string.IsNullOrEmpty(fileName)) errors.Add("fileName", "Give the file's name.");
        else if (fileName.Length > MaxFileNameLength) errors.Add("fileName", $"At most {MaxFileNameLength} characters.");
        else if (fileName.IndexOfAny(['/', '\\']) >= 0 || fileName is "." or "..") errors.Add("fileName", "A file name only, without a folder.");
        else if (fileName.Any(char.IsControl)) errors.Add("fileName", "Must not contain control characters.");

        if (request.Size is not { } size) errors.Add("size", "Give the file's size in bytes.");
        else if (size < 1 || size > limits.MaxBytes) errors.Add("size", $"Between 1 byte and {limits.MaxBytes} bytes.");

        var contentType = MediaTypeOf(request.ContentType);
        if (contentType is null) errors.Add("contentType", "A video type such as 'video/mp4', or 'application/octet-stream'.");

        if (errors.Any) return errors.ToRefusal();
        var blockSize = BlockSizeFor(request.Size!.Value, limits.PreferredBlockSize);
        return new UploadPlan(fileName!, request.Size.Value, contentType!, blockSize, BlockCountFor(request.Size.Value, blockSize), now + limits.SessionLifetime);
    }

    /// <summary>The session to store for a plan; its blob lives under the lecture's sources (see <see cref="VideoBlobNames"/>).</summary>
    public static UploadSession Open(UploadPlan plan, string uploadId, string courseId, string lectureId, string organizationId, string createdBy, DateTimeOffset now) =>
        new(UploadSession.IdFor(uploadId), courseId, lectureId, organizationId, plan.FileName, plan.Size, plan.ContentType, plan.BlockSize,
            VideoBlobNames.Source(courseId, lectureId, uploadId), now, plan.ExpiresAt, UploadStatus.Open, createdBy);

    /// <summary>The preferred size, doubled until the file fits in <see cref="MaxBlockCount"/> blocks.</summary>
    public static int BlockSizeFor(long size, int preferredBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(preferredBlockSize, 1);
        long blockSize = preferredBlockSize;
        while (BlockCountFor(size, blockSize) > MaxBlockCount) blockSize *= 2;
        if (blockSize > MaxBlockSize) throw new ArgumentOutOfRangeException(nameof(size), size, "Too large to upload in blocks.");
        return (int)blockSize;
    }

    public static int BlockCountFor(long size, long blockSize) => (int)Math.Min(int.MaxValue, (size + blockSize - 1) / blockSize);

    /// <summary>Base64 of "block-" and the six-digit index: every id of a blob has the same length, as Azure requires.</summary>
    public static string BlockId(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxBlockCount);
        return Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{index:D6}"));
    }

    /// <summary>The ids of blocks not staged yet or staged with the wrong length, in file order: what the client still has to send.</summary>
    public static IReadOnlyList<string> MissingBlocks(UploadSession session, IEnumerable<(string BlockId, long Length)> staged)
    {
        var lengths = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (blockId, length) in staged) lengths[blockId] = length;
        var missing = new List<string>();
        for (var i = 0; i < session.BlockCount; i++)
        {
            var id = BlockId(i);
            if (!lengths.TryGetValue(id, out var length) || length != session.BlockLength(i)) missing.Add(id);
        }
        return missing;
    }

    public static IReadOnlyList<string> MissingBlocks(UploadSession session, IEnumerable<StagedBlock> staged) =>
        MissingBlocks(session, staged.Select(b => (b.BlockId, b.Length)));

    /// <summary>
    /// Completion commits the block list: only for an open, unexpired session with every block staged at its length.
    /// An already completed session is refused too: answer a repeated completion from the stored session instead.
    /// </summary>
    public static Refusal? RefuseCompletion(UploadSession session, IEnumerable<(string BlockId, long Length)> staged, DateTimeOffset now)
    {
        if (session.Status == UploadStatus.Completed) return Refusal.Conflict("The upload is already complete.");
        if (session.IsExpired(now)) return Refusal.Conflict("The upload session expired.", "Start a new upload.");
        var missing = MissingBlocks(session, staged);
        if (missing.Count == 0) return null;
        var first = Enumerable.Range(0, session.BlockCount).First(i => BlockId(i) == missing[0]);
        return Refusal.Conflict("Some blocks are missing.",
            $"{missing.Count} of {session.BlockCount} blocks are not stored or have the wrong size, the first is block {first} ('{missing[0]}'). Upload them and complete again.");
    }

    public static Refusal? RefuseCompletion(UploadSession session, IEnumerable<StagedBlock> staged, DateTimeOffset now) =>
        RefuseCompletion(session, staged.Select(b => (b.BlockId, b.Length)), now);

    /// <summary>
    /// The same for every completion of one upload, so Service Bus duplicate detection makes a double completion one job:
    /// "video-ingest:{courseId}:{lectureId}:{uploadId}", or, when that is longer than 128 characters, its SHA-256 in hex.
    /// </summary>
    public static string IngestMessageId(string courseId, string lectureId, string uploadId)
    {
        var readable = $"{Queues.VideoIngest}:{courseId}:{lectureId}:{uploadId}";
        if (readable.Length <= MaxMessageIdLength) return readable;
        return $"{Queues.VideoIngest}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(readable)))}";
    }

    public static VideoIngestMessage IngestMessage(UploadSession session) =>
        new(session.CourseId, session.LectureId, session.OrganizationId, session.UploadId, session.BlobName, session.UploadId);

    /// <summary>The message to send to <see cref="Queues.VideoIngest"/> once the blocks are committed.</summary>
    public static OutgoingMessage IngestMessageFor(UploadSession session) =>
        new(IngestMessageId(session.CourseId, session.LectureId, session.UploadId),
            JsonSerializer.Serialize(IngestMessage(session), DocumentJson.Options), Subject: "video-ingest");

    /// <summary>"video/..." or "application/octet-stream", lowercased and without parameters; null when it is neither.</summary>
    private static string? MediaTypeOf(string? contentType)
    {
        var type = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (type is null || type.Length > 100) return null;
        if (type == "application/octet-stream") return type;
        const string video = "video/";
        return type.StartsWith(video, StringComparison.Ordinal) && type.Length > video.Length
            && type[video.Length..].All(c => char.IsAsciiLetterOrDigit(c) || "!#$&^_.+-".Contains(c)) ? type : null;
    }
}
