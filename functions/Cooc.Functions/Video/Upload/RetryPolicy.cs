using System.Net;

namespace Cooc.Functions.Video.Upload;

/// <summary>Why the upload stopped, said so an instructor can act on it; the command prints it and exits non-zero.</summary>
public sealed class UploadFailedException(string message) : Exception(message);

/// <summary>An answer worth trying again later: a 5xx, 408 Request Timeout or 429 Too Many Requests.</summary>
public sealed class TransientStatusException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}

/// <summary>
/// Tries an operation again, with exponential backoff and jitter, when the network failed, an attempt timed out or the
/// server answered with a transient status. Anything else (and the caller's cancellation) goes straight through.
/// </summary>
public sealed class RetryPolicy(UploadConsole console, TimeProvider time)
{
    public int MaxAttempts { get; init; } = 8;
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it counts as a network failure.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        for (var number = 1; ; number++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(AttemptTimeout);
            try
            {
                return await attempt(timeout.Token);
            }
            catch (Exception e) when (IsTransient(e, ct) && number < MaxAttempts)
            {
                var delay = DelayBefore(number + 1);
                console.Warn($"{what}: {Describe(e)}; retrying in {TransferText.Duration(delay)} (attempt {number + 1} of {MaxAttempts})");
                await Task.Delay(delay, time, ct);
            }
        }
    }

    public Task RunAsync(string what, Func<CancellationToken, Task> attempt, CancellationToken ct) =>
        RunAsync(what, async token => { await attempt(token); return true; }, ct);

    /// <summary>1 s, 2 s, 4 s... up to <see cref="MaxDelay"/>, each ±20% so parallel blocks do not retry in step.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var exponential = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 2));
        var jitter = 0.8 + Random.Shared.NextDouble() * 0.4;
        return TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, exponential) * jitter);
    }

    public static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        TransientStatusException or HttpRequestException or IOException => true,
        OperationCanceledException => !ct.IsCancellationRequested, // the attempt's timeout, not the caller's cancellation
        _ => false,
    };

    /// <summary>What failed, in one line.</summary>
    public static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "timed out",
        HttpRequestException { InnerException: { } inner } http when !http.Message.Contains(inner.Message, StringComparison.Ordinal) => $"{http.Message} ({inner.Message})",
        _ => e.Message,
    };
}
