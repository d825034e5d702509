using Cooc.Common;
using Cooc.Identity;
using Cooc.Ports;

namespace Cooc.Operations;

/// <summary>Who may look at and act on the platform's queues.</summary>
public static class OperationsRules
{
    public static bool IsKnownQueue(string queue) => Queues.All.Contains(queue, StringComparer.Ordinal);

    /// <summary>
    /// Dead letters hold messages of every organization, so only admins of the operating organization see them. Without
    /// an operating organization configured (a single-tenant standalone install), any admin does.
    /// </summary>
    public static Refusal? RefuseDeadLetterAccess(Caller caller, string? operatorOrganization) =>
        !caller.Has(Role.Admin) ? Refusal.Forbidden("Only admins manage dead letters.")
        : operatorOrganization is not null && caller.OrganizationId != operatorOrganization
            ? Refusal.Forbidden("Only admins of the operating organization manage dead letters.")
            : null;

    public const int MaxReplayBatch = 100;

    public static Refusal? ValidateReplay(IReadOnlyList<long>? sequenceNumbers) =>
        sequenceNumbers is null or { Count: 0 } ? Invalid("List at least one sequence number.")
        : sequenceNumbers.Count > MaxReplayBatch ? Invalid($"At most {MaxReplayBatch} per request.")
        : sequenceNumbers.Any(n => n < 0) ? Invalid("Sequence numbers are not negative.")
        : null;

    private static Refusal Invalid(string message) =>
        Refusal.Invalid(new Dictionary<string, string[]> { ["sequenceNumbers"] = [message] });
}
