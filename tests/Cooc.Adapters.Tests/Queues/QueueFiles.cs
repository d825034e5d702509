using Cooc.Embedded.Queues;

namespace Cooc.Adapters.Tests.Queues;

/// <summary>A temporary folder with one queue database; disposes every instance opened on it, then deletes it.</summary>
public sealed class QueueFiles : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"cooc-queues-{Guid.NewGuid():N}");
    private readonly List<SqliteMessageQueue> _opened = [];

    public string DatabasePath => Path.Combine(_directory, "queues.db");

    public SqliteMessageQueue Open(TimeProvider time, Action<SqliteMessageQueueOptions>? configure = null)
    {
        var settings = new SqliteMessageQueueOptions { DatabasePath = DatabasePath };
        configure?.Invoke(settings);
        var queue = new SqliteMessageQueue(settings, time);
        lock (_opened)
            _opened.Add(queue);
        return queue;
    }

    public void Dispose()
    {
        foreach (var queue in _opened)
            queue.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
