using System.Collections.Concurrent;
using Cooc.Certificates;
using Cooc.Common;
using Cooc.Functions.Storage;
using Cooc.Ports;

namespace Cooc.Functions.Certificates;

/// <summary>
/// The certificates container: every read is a point read (by certificate id, by verification code through its
/// index entry, a status list by id), and every write is create-if-absent, an ETag replace or an atomic increment.
/// </summary>
public sealed class CertificateStore(IDocumentStore documents, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, byte> knownStatusLists = new(StringComparer.Ordinal);

    public Task<StoredDocument<Certificate>?> ReadAsync(string certificateId, CancellationToken ct) =>
        documents.ReadAsync<Certificate>(Containers.Certificates, certificateId, certificateId, ct);

    public async Task<StoredDocument<Certificate>?> ReadByCodeAsync(string code, CancellationToken ct)
    {
        if (!VerificationCodes.IsWellFormed(code)) return null;
        var entry = await documents.ReadAsync<VerificationCodeEntry>(Containers.Certificates, VerificationCodeEntry.PartitionFor(code), code, ct);
        return entry is null ? null : await ReadAsync(entry.Value.TargetCertificateId, ct);
    }

    /// <summary>Creates the certificate unless one exists; either way returns the one stored (the first creator wins).</summary>
    public async Task<StoredDocument<Certificate>> CreateOrReadAsync(Certificate certificate, CancellationToken ct)
    {
        try { return await documents.CreateAsync(Containers.Certificates, certificate.CertificateId, certificate, ct); }
        catch (DocumentConflictException)
        {
            return await ReadAsync(certificate.CertificateId, ct)
                ?? throw new InvalidOperationException($"Certificate {certificate.CertificateId} conflicted on create but cannot be read.");
        }
    }

    public async Task<StoredDocument<Certificate>?> TryReplaceAsync(StoredDocument<Certificate> stored, Certificate next, CancellationToken ct)
    {
        try { return await documents.ReplaceAsync(Containers.Certificates, next.CertificateId, next, stored.ETag, ct); }
        catch (DocumentPreconditionFailedException) { return null; }
    }

    public Task<Outcome<StoredDocument<Certificate>>> ChangeAsync(string certificateId, Func<Certificate, Outcome<Certificate>> decide, CancellationToken ct) =>
        documents.ChangeAsync(Containers.Certificates, certificateId, certificateId, null, decide, ct);

    /// <summary>
    /// The verification code's index entry and the status list its entry lives in; both create-if-absent. Status lists
    /// are never deleted, so one this instance has seen stored is not created again (thousands of certificates share
    /// a list, and each attempt was a conflict).
    /// </summary>
    public async Task EnsureIndexesAsync(Certificate certificate, CancellationToken ct)
    {
        await CreateIfAbsentAsync(VerificationCodeEntry.PartitionFor(certificate.VerificationCode), VerificationCodeEntry.For(certificate), ct);
        if (knownStatusLists.ContainsKey(certificate.StatusListId)) return;
        await CreateIfAbsentAsync(StatusList.PartitionFor(certificate.StatusListId),
            StatusList.New(certificate.StatusListId, certificate.OrganizationId, time.GetUtcNow()), ct);
        knownStatusLists.TryAdd(certificate.StatusListId, 0);
    }

    /// <summary>The next free status-list entry of the organization (atomic increment of its counter, created on first use).</summary>
    public async Task<(string ListId, int Index)> AllocateStatusEntryAsync(string organizationId, CancellationToken ct)
    {
        var partition = StatusListCounter.PartitionFor(organizationId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var counter = await documents.IncrementAsync<StatusListCounter>(Containers.Certificates, partition, StatusListCounter.DocumentId,
                    [new Increment("next", 1)], null, ct) ?? throw new InvalidOperationException("An unconditional increment changed nothing.");
                return StatusListCounter.Place(organizationId, counter.Value.Next - 1);
            }
            catch (DocumentNotFoundException) when (attempt < 3)
            {
                await CreateIfAbsentAsync(partition, StatusListCounter.For(organizationId), ct);
            }
        }
    }

    /// <summary>Whether the organization has ever issued a certificate (its counter exists): only then has it an issuer profile.</summary>
    public async Task<bool> IsIssuerAsync(string organizationId, CancellationToken ct) =>
        Ids.IsValid(organizationId)
        && await documents.ReadAsync<StatusListCounter>(Containers.Certificates, StatusListCounter.PartitionFor(organizationId), StatusListCounter.DocumentId, ct) is not null;

    public async Task<StatusList?> ReadStatusListAsync(string listId, CancellationToken ct) =>
        Ids.IsValid(listId) ? (await documents.ReadAsync<StatusList>(Containers.Certificates, StatusList.PartitionFor(listId), StatusList.DocumentId, ct))?.Value : null;

    /// <summary>Sets the certificate's entry in its status list (idempotent).</summary>
    public async Task SetRevokedAsync(Certificate certificate, CancellationToken ct)
    {
        var result = await documents.ChangeAsync(Containers.Certificates, StatusList.PartitionFor(certificate.StatusListId), StatusList.DocumentId,
            () => StatusList.New(certificate.StatusListId, certificate.OrganizationId, time.GetUtcNow()),
            list => list.Set(certificate.StatusListIndex, time.GetUtcNow()), ct);
        if (result.Refusal is { } refusal) throw new InvalidOperationException($"Setting the status entry failed: {refusal.Title}");
    }

    private async Task CreateIfAbsentAsync<T>(string partition, T document, CancellationToken ct) where T : IDocument
    {
        try { await documents.CreateAsync(Containers.Certificates, partition, document, ct); }
        catch (DocumentConflictException) { }
    }
}
