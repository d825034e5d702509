using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Cooc.Azure.Blobs;

/// <summary>
/// The user delegation key that signs URLs when the store runs on an identity (no account key). A URL is only valid
/// while its key is, so a key is reused for every URL that expires before it does; a URL that would outlive it
/// fetches a new one first (one fetch at a time, however many callers ask). Azure caps a key at 7 days.
/// </summary>
internal sealed class UserDelegationKeyCache(BlobServiceClient service, TimeProvider time, TimeSpan lifetime)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    // Starting the key a little in the past keeps it valid on service nodes whose clocks run behind ours.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private UserDelegationKey? _current;

    /// <summary>How many keys were fetched (for tests and diagnostics).</summary>
    public int Fetches { get; private set; }

    /// <summary>A key valid at least until validUntil.</summary>
    public ValueTask<UserDelegationKey> GetAsync(DateTimeOffset validUntil, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (validUntil > now + MaxLifetime - ClockSkew)
            throw new ArgumentOutOfRangeException(nameof(validUntil), validUntil,
                $"A URL signed with a user delegation key can be valid for at most {MaxLifetime.TotalDays} days less {ClockSkew.TotalMinutes} minutes.");
        var key = Volatile.Read(ref _current);
        return key is not null && key.SignedExpiresOn >= validUntil
            ? ValueTask.FromResult(key)
            : new ValueTask<UserDelegationKey>(FetchAsync(validUntil, ct));
    }

    private async Task<UserDelegationKey> FetchAsync(DateTimeOffset validUntil, CancellationToken ct)
    {
        await _fetching.WaitAsync(ct);
        try
        {
            var key = _current;
            if (key is not null && key.SignedExpiresOn >= validUntil)
                return key; // another caller fetched one meanwhile
            var now = time.GetUtcNow();
            var lifetimeNeeded = validUntil - now + ClockSkew;
            var expiresOn = now + TimeSpan.FromTicks(Math.Min(Math.Max(lifetime.Ticks, lifetimeNeeded.Ticks), (MaxLifetime - ClockSkew).Ticks));
            key = (await service.GetUserDelegationKeyAsync(new BlobGetUserDelegationKeyOptions(expiresOn) { StartsOn = now - ClockSkew }, ct)).Value;
            Fetches++;
            Volatile.Write(ref _current, key);
            return key;
        }
        finally
        {
            _fetching.Release();
        }
    }
}
