using Balsam.Silo.Storage.Jobs;
using Balsam.Tests.Integration.Infrastructure;
using Npgsql;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>
/// What keeps the job grains' reads and writes cheap on a young store: the planner learns of a bulk create of a few
/// thousand jobs at once (with a store it still thought empty, each group write read the whole table), and the group
/// read by id is planned once per connection instead of at every call.
/// </summary>
[TestClass]
public sealed class JobRowStatementTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ABulkCreateOfAFewThousandJobsRefreshesThePlannersStatisticsAtOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rowstats");
        await using var silo = await TestSilo.StartAsync(connectionString);
        var world = await JobWorld.CreateAsync(silo);

        await world.Jobs.CreateAsync([.. Enumerable.Range(0, 3_000).Select(i => world.Spec($"stats/{i}"))]);

        // The refresh is a VACUUM (ANALYZE) of the silo's own (last_vacuum); autovacuum's would set last_autovacuum.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long planned;
        do
        {
            await Task.Delay(100, TestContext.CancellationToken);
            planned = (long)(await Hosting.HostingFixtures.ScalarAsync(connectionString,
                "SELECT CASE WHEN s.last_vacuum IS NULL THEN -1 ELSE greatest(c.reltuples, 0)::bigint END " +
                "FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'jobs'"))!;
        }
        while (planned < 3_000 && clock.Elapsed < TimeSpan.FromSeconds(20));

        Assert.IsTrue(planned >= 3_000, $"20 s after a bulk create of 3,000 jobs the planner still counted {planned} rows (-1: never refreshed)");
    }

    [TestMethod]
    public async Task TheGroupReadsAndWritesRunOnConnectionsThatPlanOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rowplans");
        await using var rows = new JobRowsDataSource(connectionString);
        await using var connection = await rows.DataSource.OpenConnectionAsync(TestContext.CancellationToken);
        await using var show = new NpgsqlCommand("SHOW plan_cache_mode", connection);

        Assert.AreEqual("force_generic_plan", await show.ExecuteScalarAsync(TestContext.CancellationToken));
    }
}
