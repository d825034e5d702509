using Cooc.Video;

namespace Cooc.Functions.Video;

/// <summary>Settings under "Cooc:Video".</summary>
public sealed class VideoOptions
{
    public long MaxUploadBytes { get; set; } = UploadRules.DefaultMaxBytes;
    public int BlockSize { get; set; } = UploadRules.DefaultBlockSize;
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Signed URLs and playback tokens are the same for everyone within one bucket (so a CDN can cache them)...</summary>
    public TimeSpan SignatureBucket { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>...and stay valid at least this long: a player fetches a 60-minute lecture's segments over its whole length.</summary>
    public TimeSpan MinimumUrlValidity { get; set; } = TimeSpan.FromHours(3);

    /// <summary>
    /// How long a replaced version's files (and a failed or superseded upload's) are kept before they are deleted:
    /// players mid-lecture still hold its signed URLs. Default: the longest a signed URL can be valid (SignatureBucket +
    /// MinimumUrlValidity) plus 10 minutes.
    /// </summary>
    public TimeSpan? OldVersionRetention { get; set; }

    public TimeSpan RetentionOfOldVersions => OldVersionRetention ?? SignatureBucket + MinimumUrlValidity + TimeSpan.FromMinutes(10);

    /// <summary>The watched fraction at which a lecture counts as completed, unless its course sets its own.</summary>
    public double CompletionThreshold { get; set; } = ProgressRules.DefaultCompletionThreshold;

    /// <summary>Base64 HMAC key for playback tokens, shared by all instances (Key Vault reference in Azure); standalone makes one in the data folder.</summary>
    public string? PlaybackKey { get; set; }

    public UploadLimits UploadLimits => new() { MaxBytes = MaxUploadBytes, PreferredBlockSize = BlockSize, SessionLifetime = UploadLifetime };
}
