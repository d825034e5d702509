using Cooc.Common;
using Cooc.Ports;

namespace Cooc.Functions.Storage;

/// <summary>
/// The optimistic-concurrency change loop shared by the features: read, decide (a pure transition), write with the
/// read ETag, and on a concurrent change read and decide again. A decision that returns the same instance writes
/// nothing. A missing document is refused as not found, or, with create, started from create() and stored with Create
/// (a concurrent create decides again).
/// </summary>
public static class DocumentChanges
{
    public const int MaxAttempts = 10;

    public static async Task<Outcome<StoredDocument<T>>> ChangeAsync<T>(this IDocumentStore documents, string container, string partitionKey,
        string id, Func<T>? create, Func<T, Outcome<T>> decide, CancellationToken ct) where T : class, IDocument
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await documents.ReadAsync<T>(container, partitionKey, id, ct);
            if (stored is null && create is null) return Refusal.NotFound(typeof(T).Name);
            var current = stored?.Value ?? create!();
            var decision = decide(current);
            if (decision.Refusal is { } refusal) return refusal;
            if (stored is not null && ReferenceEquals(decision.Value, current)) return stored;
            try
            {
                return stored is null
                    ? await documents.CreateAsync(container, partitionKey, decision.Value!, ct)
                    : await documents.ReplaceAsync(container, partitionKey, decision.Value!, stored.ETag, ct);
            }
            catch (Exception e) when (e is DocumentConflictException or DocumentPreconditionFailedException && attempt < MaxAttempts) { }
        }
    }
}
