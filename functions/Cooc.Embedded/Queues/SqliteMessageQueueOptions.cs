using Cooc.Embedded;
using Cooc.Embedded.Documents;
using Cooc.Ports;

namespace Cooc.Embedded.Queues;

/// <summary>Settings of the embedded queue (bindable from configuration).</summary>
public sealed class SqliteMessageQueueOptions
{
    /// <summary>The database file, e.g. "&lt;dataPath&gt;/queues.db". Its folder is created when missing.</summary>
    public string DatabasePath { get; set; } = "";

    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>How long a write waits for a lock held by another connection (another process on the same file).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a waiting receive looks again without a wake-up from an in-process send: this is what notices scheduled
    /// messages falling due, expired locks and sends from other processes. A wall-clock interval.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Options of every queue not named in <see cref="Queues"/>.</summary>
    public QueueOptions Default { get; set; } = new();

    /// <summary>Per-queue options by queue name; any other queue name works too, with <see cref="Default"/>.</summary>
    public Dictionary<string, QueueOptions> Queues { get; set; } = new(StringComparer.Ordinal);

    public QueueOptions For(string queue) => Queues.TryGetValue(queue, out var options) ? options : Default;
}
