namespace Cooc.Common;

/// <summary>Why a request was refused, in domain terms; the HTTP edge maps each kind to one status code.</summary>
public enum RefusalKind
{
    /// <summary>The input breaks a rule of its shape or values (400).</summary>
    Invalid,
    /// <summary>The caller may see the thing but not do this (403).</summary>
    Forbidden,
    /// <summary>Missing, or invisible to the caller: the same answer, so ids are never confirmed (404).</summary>
    NotFound,
    /// <summary>The thing's current state does not allow this (409).</summary>
    Conflict,
    /// <summary>The caller's If-Match ETag no longer matches (412).</summary>
    PreconditionFailed,
}

/// <summary>A refusal with a human-readable reason and, for invalid input, the errors per field.</summary>
public sealed record Refusal(RefusalKind Kind, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Refusal NotFound(string what) => new(RefusalKind.NotFound, $"{what} not found.");
    public static Refusal Forbidden(string detail) => new(RefusalKind.Forbidden, "Not allowed.", detail);
    public static Refusal Conflict(string title, string? detail = null) => new(RefusalKind.Conflict, title, detail);
    public static Refusal Changed() => new(RefusalKind.PreconditionFailed, "The resource changed.", "Read it again and retry with its current ETag.");
    public static Refusal Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(RefusalKind.Invalid, "One or more fields are invalid.", null, errors);
}

/// <summary>Either a value or a refusal: what a domain decision returns.</summary>
public readonly record struct Outcome<T>
{
    public T? Value { get; }
    public Refusal? Refusal { get; }
    public bool IsRefused => Refusal is not null;

    private Outcome(T? value, Refusal? refusal) { Value = value; Refusal = refusal; }

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}

/// <summary>Collects field errors while validating a request.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public void Require(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
    }

    public Refusal ToRefusal() => Refusal.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
