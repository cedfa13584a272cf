using Balsam.Sessions;
using Balsam.Silo.Storage.Jobs;
using Balsam.States;
using Balsam.Tests.Integration.Infrastructure;
using Npgsql;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>
/// The acquire statement on a backlog: PostgreSQL's plan reads the partial runnable index of the site, also when the
/// launcher leaves the jobs of Python apps out or Balsam's takes only those (a filter on the rows the index gives, not a
/// scan of the table).
/// </summary>
[TestClass]
public sealed class AcquirePlanTests
{
    private const long Site = 7;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(AcquireAppKinds.All, AcquireOrder.Default, "jobs_runnable_fifo", "")]
    [DataRow(AcquireAppKinds.NotPython, AcquireOrder.Default, "jobs_runnable_fifo", "NOT python_app")]
    [DataRow(AcquireAppKinds.NotPython, AcquireOrder.LongLargeFirst, "jobs_runnable_long_first", "NOT python_app")]
    [DataRow(AcquireAppKinds.PythonOnly, AcquireOrder.Default, "jobs_runnable_fifo", "python_app")]
    public async Task TheAcquireOfALauncherReadsTheRunnableIndexOfItsSite(AcquireAppKinds kinds, AcquireOrder order, string index, string filter)
    {
        var database = await TestPostgres.CreateDatabaseAsync("acquireplan");
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.CancellationToken);
        // 50,000 jobs over 10 sites, a tenth of them runnable, every fourth of those of a Python app.
        await using (var fill = new NpgsqlCommand($"""
            INSERT INTO jobs (id, site_id, app_id, app_name, workdir, state, last_update, created_at, python_app)
            SELECT i, 1 + i % 10, 1, 'App', 'w/' || i,
                   CASE WHEN i % 100 < 10 THEN '{JobState.Preprocessed.Name()}' ELSE '{JobState.JobFinished.Name()}' END,
                   now(), now(), i % 4 = 0
            FROM generate_series(1, 50000) i;
            ANALYZE jobs;
            """, connection))
        {
            await fill.ExecuteNonQueryAsync(TestContext.CancellationToken);
        }

        var parameters = new SqlParameters();
        var sql = AcquireSql.Build(99, Site, new AcquireRequest
        {
            MaxJobs = 100, MaxAggregateNodes = order == AcquireOrder.Default ? null : 8, Order = order, AppKinds = kinds,
        }, parameters);
        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        parameters.CopyTo(explain);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(TestContext.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.CancellationToken))
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join("\n", plan);
        Assert.IsTrue(text.Contains($"Index Scan using {index} on jobs", StringComparison.Ordinal)
            || text.Contains($"Bitmap Index Scan on {index}", StringComparison.Ordinal), text);
        Assert.IsFalse(text.Contains("Seq Scan on jobs", StringComparison.Ordinal), text);
        Assert.AreEqual(filter != "", text.Contains("python_app", StringComparison.Ordinal), text);
        StringAssert.Contains(text, filter, text);
        Assert.AreEqual(kinds == AcquireAppKinds.NotPython, text.Contains("NOT python_app", StringComparison.Ordinal), text);
    }
}
