using Cooc.Ports;

namespace Cooc.Certificates;

/// <summary>
/// An organization's status-list index allocator: certificates container, partition "status:{organizationId}", id
/// "counter". Next is incremented atomically (patch-increment), so two issuers never share an index; an index
/// allocated by a delivery that then lost the race to create the certificate is simply never used.
/// </summary>
public sealed record StatusListCounter(string Id, string CertificateId, string OrganizationId, long Next) : IDocument
{
    public const string DocumentId = "counter";

    public static string PartitionFor(string organizationId) => $"status:{organizationId}";

    public static StatusListCounter For(string organizationId) => new(DocumentId, PartitionFor(organizationId), organizationId, 0);

    /// <summary>Which list and which entry of it an allocated index (Next after the increment, minus one) is.</summary>
    public static (string ListId, int Index) Place(string organizationId, long allocated) =>
        (StatusList.IdFor(organizationId, allocated / BitstringStatusList.MinimumLength), (int)(allocated % BitstringStatusList.MinimumLength));
}

/// <summary>
/// One revocation list of an organization (131,072 entries): certificates container, partition
/// "status-list:{listId}", id "list". Revoked holds the set entries; the encoded bitstring is built when published.
/// </summary>
public sealed record StatusList(string Id, string CertificateId, string ListId, string OrganizationId, List<int> Revoked, DateTimeOffset UpdatedAt) : IDocument
{
    public const string DocumentId = "list";

    /// <summary>"{organizationId}-{n}": unique, as n (digits only) is everything after the last dash.</summary>
    public static string IdFor(string organizationId, long number) => $"{organizationId}-{number}";

    public static string PartitionFor(string listId) => $"status-list:{listId}";

    public static StatusList New(string listId, string organizationId, DateTimeOffset now) =>
        new(DocumentId, PartitionFor(listId), listId, organizationId, [], now);

    public bool IsSet(int index) => Revoked.Contains(index);

    /// <summary>Sets the entry (idempotent: the same instance when already set).</summary>
    public StatusList Set(int index, DateTimeOffset now) =>
        IsSet(index) ? this : this with { Revoked = [.. Revoked.Append(index).Order()], UpdatedAt = now };

    public string EncodedList() => BitstringStatusList.Encode(Revoked);
}
