using System.Collections.Concurrent;

namespace Cooc.Embedded.Documents;

/// <summary>
/// Read connections with their prepared statements, reused across calls. WAL lets them read concurrently with
/// each other and with the writer; each one is used by one caller at a time.
/// </summary>
internal sealed class ReaderPool(DocumentDatabase database, int maxIdle) : IDisposable
{
    private readonly ConcurrentQueue<StatementCache> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>
    /// Runs the read synchronously on the caller's thread (SQLite has no asynchronous I/O; a read takes microseconds
    /// to a few milliseconds) and reports failures through the task, as an asynchronous method would.
    /// </summary>
    public Task<T> ReadAsync<T>(Func<StatementCache, T> read, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
            return Task.FromCanceled<T>(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(SqliteDocumentStore));
            var reader = Rent();
            try
            {
                return Task.FromResult(read(reader));
            }
            finally
            {
                Return(reader);
            }
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var reader))
            reader.Dispose();
    }

    private StatementCache Rent()
    {
        if (_idle.TryDequeue(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            return reader;
        }
        return new StatementCache(database.OpenReader());
    }

    private void Return(StatementCache reader)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            // Enough idle readers already (or closing): a burst of concurrent reads must not keep its connections.
            if (!_disposed)
                Interlocked.Decrement(ref _idleCount);
            reader.Dispose();
            return;
        }
        _idle.Enqueue(reader);
        // Dispose may have drained the queue just before this reader went back in.
        if (_disposed)
            Dispose();
    }
}
