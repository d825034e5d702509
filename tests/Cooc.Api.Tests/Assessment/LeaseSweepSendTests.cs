using Cooc.Assessment;
using Cooc.Functions.Assessment;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests.Assessment;

/// <summary>
/// <see cref="LeaseExpiry.ScheduleAsync"/> sends an assignment's sweep once per interval, and forgets a send that
/// failed, so the next claim sends it again (a sweep never sent would leave its leases to the reviewers' next claims).
/// The app's own queue, behind one that fails the first sends on demand.
/// </summary>
public sealed class LeaseSweepSendTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task A_failed_sweep_send_is_forgotten_and_sent_by_the_next_claim_then_kept()
    {
        var queue = new FirstSendsFail(app.Services.GetRequiredService<IMessageQueue>(), failures: 2);
        var expiry = new LeaseExpiry(app.Documents, queue, app.Services.GetRequiredService<AssessmentOptions>(), TimeProvider.System);
        var lease = LeaseOf("learner-1");

        await Assert.ThrowsAsync<IOException>(() => expiry.ScheduleAsync(lease, CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => expiry.ScheduleAsync(LeaseOf("learner-2"), CancellationToken.None));
        await expiry.ScheduleAsync(lease, CancellationToken.None);
        await expiry.ScheduleAsync(LeaseOf("learner-3"), CancellationToken.None); // the same interval: sent already

        Assert.Equal(3, queue.Attempts);
        var sent = Assert.Single(queue.Sent);
        Assert.Equal(LeaseExpiry.SweepSubject, sent.Subject);
    }

    private static ReviewLease LeaseOf(string reviewer)
    {
        // Fixed times in the future, so every lease falls in one interval and no sweep comes due during the test.
        var leasedAt = new DateTimeOffset(2099, 1, 1, 10, 0, 10, TimeSpan.Zero);
        return new ReviewLease(ReviewLease.IdFor("author-1", 1, reviewer), "asg-sweep-send", "org-1", "submission:author-1", "author-1", 1, 1,
            reviewer, false, leasedAt, leasedAt.AddHours(2), LeaseStatus.Active, $"rev-{reviewer}", leasedAt);
    }

    /// <summary>The app's queue, except that the first sends throw as a lost connection would.</summary>
    private sealed class FirstSendsFail(IMessageQueue inner, int failures) : IMessageQueue
    {
        public int Attempts;
        public List<OutgoingMessage> Sent { get; } = [];

        public async Task SendAsync(string queue, OutgoingMessage message, CancellationToken ct = default)
        {
            await Task.Yield();
            if (Interlocked.Increment(ref Attempts) <= failures) throw new IOException("the queue is unreachable");
            await inner.SendAsync(queue, message, ct);
            lock (Sent) Sent.Add(message);
        }

        public Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan maxWait, CancellationToken ct = default) =>
            inner.ReceiveAsync(queue, maxMessages, maxWait, ct);
        public Task CompleteAsync(ReceivedMessage message, CancellationToken ct = default) => inner.CompleteAsync(message, ct);
        public Task AbandonAsync(ReceivedMessage message, CancellationToken ct = default) => inner.AbandonAsync(message, ct);
        public Task DeadLetterAsync(ReceivedMessage message, string reason, string? description = null, CancellationToken ct = default) =>
            inner.DeadLetterAsync(message, reason, description, ct);
        public Task<DateTimeOffset> RenewLockAsync(ReceivedMessage message, CancellationToken ct = default) => inner.RenewLockAsync(message, ct);
        public Task ProcessAsync(string queue, ProcessorOptions options, Func<ReceivedMessage, CancellationToken, Task> handle,
            Func<Exception, Task> onError, CancellationToken ct) => inner.ProcessAsync(queue, options, handle, onError, ct);
        public Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxMessages, CancellationToken ct = default) =>
            inner.PeekDeadLettersAsync(queue, maxMessages, ct);
        public Task<bool> ReplayDeadLetterAsync(string queue, long sequenceNumber, CancellationToken ct = default) =>
            inner.ReplayDeadLetterAsync(queue, sequenceNumber, ct);
        public Task<bool> RemoveDeadLetterAsync(string queue, long sequenceNumber, CancellationToken ct = default) =>
            inner.RemoveDeadLetterAsync(queue, sequenceNumber, ct);
    }
}
