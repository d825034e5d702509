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
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private int _disposed;

    public WalCheckpointer(SqliteConnection connection, TimeSpan interval)
    {
        (_connection, _interval) = (connection, interval);
        _thread = new Thread(Run) { IsBackground = true, Name = "Documents checkpointer" };
        _thread.Start();
    }

    private void Run()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!_stop.Wait(_interval))
        {
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy or failed: nothing changed; the next run, or the writer's own checkpoint, copies the pages.
            }
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
