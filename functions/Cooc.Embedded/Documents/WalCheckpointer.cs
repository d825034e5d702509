using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Cooc.Embedded.Documents;

/// <summary>
/// Copies committed pages from the WAL into the database file on a connection and thread of its own (PASSIVE
/// checkpoints, every interval), so the writer seldom has to. A checkpoint syncs the WAL, copies its pages and syncs
/// the file: run by the writer after a commit (SQLite's automatic checkpoint, every 1,000 pages by default), it held
/// every write behind it for 6-10 ms, about every 70 ms of a claim rush. The writer's own checkpoint still runs, at
/// <see cref="SqliteDocumentStoreOptions.WriterCheckpointPages"/>: by then it finds the pages copied, so it only
/// finishes the last ones, and the WAL starts over (a PASSIVE checkpoint never waits for the writer, so while writes go
/// on it cannot finish the WAL by itself). A failed checkpoint changes nothing stored: the next one, or the writer's, copies the pages.
/// Failures are reported (<see cref="SqliteDocumentStoreOptions.CheckpointFailed"/>): the first at once, then at most
/// one every <see cref="ReportEvery"/> with the count since the last report, so a failing disk does not flood the log;
/// those held back are reported once checkpoints succeed again or the thread stops (<see cref="CheckpointFailures"/>).
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    public static readonly TimeSpan ReportEvery = TimeSpan.FromMinutes(1);

    private readonly SqliteConnection _connection;
    private readonly TimeSpan _interval;
    private readonly Action<Exception, int>? _failed;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private int _disposed;

    public WalCheckpointer(SqliteConnection connection, TimeSpan interval, Action<Exception, int>? failed)
    {
        (_connection, _interval, _failed) = (connection, interval, failed);
        _thread = new Thread(Run) { IsBackground = true, Name = "Documents checkpointer" };
        _thread.Start();
    }

    private void Run()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        var failures = new CheckpointFailures(ReportEvery);
        var clock = Stopwatch.StartNew();
        while (!_stop.Wait(_interval))
        {
            try
            {
                // A checkpoint that finds another one running reports it in its row (busy = 1): not an exception.
                command.ExecuteNonQuery();
                Report(failures.Succeeded(clock.Elapsed));
            }
            catch (SqliteException e)
            {
                // Nothing changed; the next run, or the writer's own checkpoint, copies the pages.
                Report(failures.Failed(e, clock.Elapsed));
            }
        }
        Report(failures.Stopped(clock.Elapsed));
    }

    private void Report(CheckpointFailureReport? report)
    {
        if (report is not { } r) return;
        try
        {
            _failed?.Invoke(r.Error, r.Failures);
        }
        catch (Exception)
        {
            // A failing report must not end the thread (or the process, on a thread of its own).
        }
    }

    /// <summary>Stops the thread (after the checkpoint running, if any) and closes its connection; once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Set();
        _thread.Join();
        _connection.Dispose();
        _stop.Dispose();
    }
}
