using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cooc.Embedded;

/// <summary>
/// SQLite settings the embedded stores need beyond pragmas: one for the whole process, applied before its first
/// connection opens, and one per connection.
/// </summary>
internal static class SqliteLibrary
{
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS
    private const int DbConfigEnableQpsg = 1007; // SQLITE_DBCONFIG_ENABLE_QPSG

    // Set once, by the first Configure (a static initializer runs once); SQLite's answer only tells whether it is faster.
    private static readonly bool MemoryStatisticsOff = TurnOffMemoryStatistics();

    /// <summary>
    /// Turns off SQLite's memory statistics for the process, unless a connection has opened already (SQLite then
    /// refuses; it still works, only slower). With statistics on, every allocation SQLite makes takes one global mutex:
    /// concurrent readers and the writer queued on it (SQLite's mutexes, with the futex waits behind them, were about
    /// 7 % of the server's samples in a claim rush). Call before opening a connection.
    /// </summary>
    public static void Configure() => _ = MemoryStatisticsOff;

    /// <summary>
    /// The query planner stability guarantee: plans never depend on the values bound to parameters. Without it, a
    /// query whose parameter the planner compares with a literal in a partial index's WHERE (kind = @p3 against
    /// kind = 'lease') is marked to re-plan whenever that parameter is bound again, so each run parsed and planned its
    /// SQL anew (0.9 times per claim in a claim rush: the open-lease query). The document store's SQL never needs
    /// the values: a query an index serves names it (INDEXED BY) and states its scope as literals (<see cref="Documents.DocumentIndex"/>).
    /// </summary>
    public static void FreezeQueryPlans(SqliteConnection connection)
    {
        var rc = raw.sqlite3_db_config(connection.Handle, DbConfigEnableQpsg, 1, out _);
        if (rc != raw.SQLITE_OK)
            throw new InvalidOperationException($"SQLite refused the query planner stability guarantee (error {rc}).");
    }

    private static bool TurnOffMemoryStatistics()
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(ConfigMemStatus, 0) == raw.SQLITE_OK;
    }
}
