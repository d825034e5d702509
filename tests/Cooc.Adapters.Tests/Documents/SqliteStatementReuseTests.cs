using Cooc.Assessment;
using Cooc.Embedded;
using Cooc.Embedded.Documents;
using Cooc.Ports;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cooc.Adapters.Tests.Documents;

/// <summary>
/// The embedded store prepares each statement once per connection and runs it again with new values. SQLite re-plans
/// (re-prepares) a statement on its next step when a value bound to it could change the plan, which the partial
/// indexes (<see cref="DocumentIndex"/>) made the case for every statement naming the container: the store's
/// connections forbid that (<see cref="SqliteLibrary.FreezeQueryPlans"/>).
/// </summary>
public sealed class SqliteStatementReuseTests : IDisposable
{
    private const int StatementReprepareCounter = 5; // SQLITE_STMTSTATUS_REPREPARE
    private readonly DocumentFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Queries a partial index serves, as SQL with the values of two runs (the claim's open-lease query ran on every claim).</summary>
    public static TheoryData<string, string, object[], object[]> Statements()
    {
        var data = new TheoryData<string, string, object[], object[]>();
        foreach (var (name, kind, order) in new[] { ("open lease", "lease", (SortKey[]?)null), ("claim candidates", "submission", [new SortKey("submittedAt")]) })
        {
            DocumentQuery Of(string reviewer) => new([Condition.Eq("kind", kind), Condition.Eq("reviewerId", reviewer), Condition.Eq("status", "active")], order, 100);
            var (sql, first) = QuerySql.Build(Containers.Assessment, "asg-1", Of("ada"), QuerySql.OrderBySignature(Of("ada")), DocumentIndexes.Default);
            var (again, second) = QuerySql.Build(Containers.Assessment, "asg-2", Of("bob"), QuerySql.OrderBySignature(Of("bob")), DocumentIndexes.Default);
            Assert.Equal(sql, again);
            data.Add(name, sql, first!, second!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task The_stores_connections_run_a_prepared_statement_again_without_preparing_it_again(string name, string sql, object[] first, object[] second)
    {
        var options = new SqliteDocumentStoreOptions { DatabasePath = _folder.Database(), Indexes = DocumentIndexes.Default };
        await new SqliteDocumentStore(options).DisposeAsync(); // the schema and the indexes
        using var storeReader = new DocumentDatabase(options).OpenReader();
        using var plain = new SqliteConnection($"Data Source={options.DatabasePath};Pooling=False");
        plain.Open();

        Assert.True(Reprepares(plain, sql, first, second) > 0, $"{name}: without the guarantee SQLite re-plans it (the case this test guards)");
        Assert.Equal(0, Reprepares(storeReader, sql, first, second));
    }

    /// <summary>Prepares the SQL once, runs it with each set of values in turn, and returns how often SQLite prepared it again.</summary>
    private static int Reprepares(SqliteConnection connection, string sql, params object[][] runs)
    {
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(connection.Handle, sql, out sqlite3_stmt statement));
        using (statement)
        {
            foreach (var values in runs)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    var index = raw.sqlite3_bind_parameter_index(statement, "@p" + i);
                    var rc = values[i] switch
                    {
                        string s => raw.sqlite3_bind_text(statement, index, s),
                        long l => raw.sqlite3_bind_int64(statement, index, l),
                        int n => raw.sqlite3_bind_int64(statement, index, n),
                        var other => throw new ArgumentException($"No binding for {other.GetType()}"),
                    };
                    Assert.Equal(raw.SQLITE_OK, rc);
                }
                Assert.Equal(raw.SQLITE_DONE, raw.sqlite3_step(statement));
                raw.sqlite3_reset(statement);
            }
            return raw.sqlite3_stmt_status(statement, StatementReprepareCounter, 0);
        }
    }
}
