using Balsam.Silo.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Balsam.Tests.Integration.Hosting.HostingFixtures;

namespace Balsam.Tests.Integration.Hosting;

/// <summary>The schema migrator on fresh databases of the test server.</summary>
[TestClass]
public sealed class SchemaMigratorTests
{
    private string? _database;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public async Task CreateDatabaseAsync() => _database = await CreateEmptyDatabaseAsync("migrate");

    [TestCleanup]
    public async Task DropAsync() => await DropDatabaseAsync(_database);

    private static int[] AllVersions => SchemaMigrator.Scripts.Select(s => s.Version).ToArray();

    private async Task<List<(int Version, string Name)>> VersionTableAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync(TestContext.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT version, name FROM balsam_schema_version ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.CancellationToken);
        var rows = new List<(int, string)>();
        while (await reader.ReadAsync(TestContext.CancellationToken))
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return rows;
    }

    [TestMethod]
    public void TheBuildEmbedsTheOrleansAndBalsamScriptsInOrder()
    {
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23 }, AllVersions);
        Assert.AreEqual("orleans-main", SchemaMigrator.Scripts[0].Name);
        Assert.AreEqual(23, SchemaMigrator.LatestVersion);
        Assert.IsTrue(SchemaMigrator.Scripts.All(s => s.Sql.Length > 0));
    }

    [TestMethod]
    public async Task AFreshDatabaseGetsEveryScriptAndTheVersionTableListsThem()
    {
        var applied = await SchemaMigrator.MigrateAsync(_database!, NullLogger.Instance, TestContext.CancellationToken);

        CollectionAssert.AreEqual(AllVersions, applied.ToArray());
        var table = await VersionTableAsync();
        CollectionAssert.AreEqual(SchemaMigrator.Scripts.Select(s => (s.Version, s.Name)).ToArray(), table.ToArray());
        Assert.AreEqual(1L, await ScalarAsync(_database!, "SELECT count(*) FROM OrleansQuery WHERE QueryKey = 'UpsertReminderRowKey'"),
            "the scripts really ran");
    }

    [TestMethod]
    public async Task RunningTwiceAppliesNothingTheSecondTime()
    {
        await SchemaMigrator.MigrateAsync(_database!, NullLogger.Instance, TestContext.CancellationToken);
        var before = await VersionTableAsync();

        var again = await SchemaMigrator.MigrateAsync(_database!, NullLogger.Instance, TestContext.CancellationToken);

        Assert.IsEmpty(again);
        CollectionAssert.AreEqual(before.ToArray(), (await VersionTableAsync()).ToArray());
    }

    [TestMethod]
    public async Task ADatabaseNewerThanTheBuildIsRefused()
    {
        await SchemaMigrator.MigrateAsync(_database!, NullLogger.Instance, TestContext.CancellationToken);
        var future = SchemaMigrator.LatestVersion + 5;
        await ScalarAsync(_database!, $"INSERT INTO balsam_schema_version (version, name) VALUES ({future}, 'from-a-newer-build')");

        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            () => SchemaMigrator.MigrateAsync(_database!, NullLogger.Instance, TestContext.CancellationToken));

        Assert.Contains($"schema is at version {future}, newer than this build knows ({SchemaMigrator.LatestVersion})", error.Message);
        Assert.Contains("Upgrade Balsam", error.Message);

        // The refusal released the advisory lock: a migrator on the repaired database is not blocked.
        await ScalarAsync(_database!, $"DELETE FROM balsam_schema_version WHERE version = {future}");
        using var quick = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        quick.CancelAfter(TimeSpan.FromSeconds(10));
        Assert.IsEmpty(await SchemaMigrator.MigrateAsync(_database!, NullLogger.Instance, quick.Token));
    }

    [TestMethod]
    public async Task TwoMigratorsRacingOnAFreshDatabaseBothSucceedAndApplyEachScriptOnce()
    {
        using var start = new Barrier(2);
        Task<IReadOnlyList<int>> Migrator() => Task.Run(async () =>
        {
            start.SignalAndWait(TestContext.CancellationToken);
            return await SchemaMigrator.MigrateAsync(_database!, NullLogger.Instance, TestContext.CancellationToken);
        });

        var results = await Task.WhenAll(Migrator(), Migrator());

        var all = results.SelectMany(r => r).Order().ToArray();
        CollectionAssert.AreEqual(AllVersions, all, "each script was applied by exactly one of them");
        CollectionAssert.AreEqual(AllVersions, (await VersionTableAsync()).Select(r => r.Version).ToArray());
        Assert.IsEmpty(await SchemaMigrator.MigrateAsync(_database!, NullLogger.Instance, TestContext.CancellationToken));
    }
}
