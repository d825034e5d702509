using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Documents;

/// <summary>
/// The single writer: callers queue writes, one long-lived connection drains whatever is waiting and runs it in ONE
/// transaction (group commit); a failed write undoes only itself. Callers' tasks
/// complete after the commit, so a returned write is durable to the configured synchronous level.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<WriteOperation> _queue =
        Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StatementCache _statements;
    private readonly PartitionRowIds _rowIds = new();
    private readonly int _maxBatchSize;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GroupCommitWriter(SqliteConnection connection, int maxBatchSize)
    {
        _statements = new StatementCache(connection);
        _maxBatchSize = maxBatchSize;
        // A thread of its own: waking up to commit must not wait behind a thread pool queue full of callers.
        new Thread(Run) { IsBackground = true, Name = "Documents writer" }.Start();
    }

    public Task<WriteOutcome> WriteAsync(WriteOperation op)
    {
        op.CancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(op))
            throw new ObjectDisposedException(nameof(SqliteDocumentStore));
        return op.Completion.Task;
    }

    /// <summary>Stops accepting writes, commits the ones already queued, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task.ConfigureAwait(false);
        _statements.Dispose();
    }

    private void Run()
    {
        var batch = new List<WriteOperation>(_maxBatchSize);
        while (WaitForWrites())
        {
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var op))
                batch.Add(op);
            RunBatch(batch);
            CompleteOnThreadPool(batch);
            batch = new List<WriteOperation>(_maxBatchSize);
        }
        _stopped.SetResult();
    }

    /// <summary>False once the queue is completed and empty.</summary>
    private bool WaitForWrites()
    {
        var waiting = _queue.Reader.WaitToReadAsync();
        return waiting.IsCompleted ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }

    private void RunBatch(List<WriteOperation> batch)
    {
        try
        {
            _statements.Execute("BEGIN IMMEDIATE");
            _rowIds.Reset();
            foreach (var op in batch)
                RunOne(op);
            _statements.Execute("COMMIT");
        }
        catch (Exception e)
        {
            // BEGIN or COMMIT failed, or SQLite rolled the whole transaction back (disk full, I/O error):
            // nothing of this batch is stored, so every caller learns it failed.
            RollbackQuietly();
            foreach (var op in batch)
                op.Error = e;
        }
    }

    /// <summary>
    /// Every write is a single statement, and SQLite undoes a failed statement by itself while the transaction goes on
    /// (statement journal, ABORT): no savepoint is needed for a failed write to undo only itself.
    /// </summary>
    private void RunOne(WriteOperation op)
    {
        if (op.CancellationToken.IsCancellationRequested)
        {
            op.Error = new OperationCanceledException(op.CancellationToken);
            return;
        }
        try
        {
            op.Outcome = DocumentWrites.Apply(op, _statements, _rowIds);
        }
        catch (Exception e) when (InTransaction)
        {
            op.Error = e;
        }
    }

    private bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(_statements.Connection.Handle) == 0;

    private void RollbackQuietly()
    {
        try
        {
            if (InTransaction)
                _statements.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // The connection is unusable for this batch either way; the next BEGIN reports any lasting failure.
        }
    }

    /// <summary>
    /// Hands the callers their results in one work item per core rather than one per caller: each caller's
    /// continuation runs inline there up to its next await, which saves a thread-pool wake-up (a context switch) per
    /// write. The writer itself never runs callers' code.
    /// </summary>
    private static void CompleteOnThreadPool(List<WriteOperation> batch)
    {
        var chunks = Math.Min(Environment.ProcessorCount, batch.Count);
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            var (from, to) = (batch.Count * chunk / chunks, batch.Count * (chunk + 1) / chunks);
            ThreadPool.UnsafeQueueUserWorkItem(static state =>
            {
                for (var i = state.From; i < state.To; i++)
                    Complete(state.Batch[i]);
            }, (Batch: batch, From: from, To: to), preferLocal: false);
        }
    }

    private static void Complete(WriteOperation op)
    {
        switch (op.Error)
        {
            case null: op.Completion.TrySetResult(op.Outcome); break;
            case OperationCanceledException canceled: op.Completion.TrySetCanceled(canceled.CancellationToken); break;
            default: op.Completion.TrySetException(op.Error); break;
        }
    }
}
