using Balsam.Silo.Storage.Jobs;
using Balsam.Tests.Integration.Infrastructure;
using Npgsql;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>
/// What keeps the job grains' reads and writes cheap: their connections plan each statement once (the group read by id
/// was planned afresh at every call) and never choose to read the whole jobs table (with statistics from when the store
/// was smaller, each group write did).
/// </summary>
[TestClass]
public sealed class JobRowStatementTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("plan_cache_mode", "force_generic_plan")]
    [DataRow("enable_seqscan", "off")]
    public async Task TheGroupReadsAndWritesRunOnConnectionsThatPlanOnceAndByKey(string setting, string value)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("rowplans");
        await using var rows = new JobRowsDataSource(connectionString);
        await using var connection = await rows.DataSource.OpenConnectionAsync(TestContext.CancellationToken);
        await using var show = new NpgsqlCommand($"SHOW {setting}", connection);

        Assert.AreEqual(value, await show.ExecuteScalarAsync(TestContext.CancellationToken));
    }
}
