using Balsam.Jobs;
using Balsam.Silo.Storage.Jobs;
using Balsam.States;
using Balsam.Tests.Integration.Infrastructure;
using Npgsql;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>
/// Counts by site, state and tags come from kept counts (schema script 020) that every write keeps; each answer here is
/// checked against the same filter counted over the jobs themselves (an extra created-after filter sends a count there).
/// </summary>
[TestClass]
public sealed class KeptCountTests
{
    private static readonly Dictionary<string, string> Even = new() { ["exp"] = "kc", ["half"] = "even" };
    private static readonly Dictionary<string, string> Odd = new() { ["exp"] = "kc", ["half"] = "odd" };

    private static TestSilo _silo = null!;
    private static JobWorld _first = null!;
    private static JobWorld _second = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("counts"));
        _first = await JobWorld.CreateAsync(_silo, siteName: "counted");
        _second = await JobWorld.CreateAsync(_silo, siteName: "other-tags");
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _silo.DisposeAsync();

    /// <summary>The two sites of the count test (the listing test has its own).</summary>
    private static JobQuery BothSites => new() { SiteIds = [_first.SiteId, _second.SiteId] };

    [TestMethod]
    public async Task CountsByStateAndTagsFollowCreatesStateChangesTagEditsDeletesAndFolds()
    {
        var created = await _first.Jobs.CreateAsync(Enumerable.Range(0, 400)
            .Select(i => _first.Spec($"kc/{i}", tags: i % 2 == 0 ? Even : Odd)).ToList());
        await _second.Jobs.CreateAsync(Enumerable.Range(0, 150).Select(i => _second.Spec($"kc-other/{i}", tags: new() { ["exp"] = "other" })).ToList());
        await AgreeAsync(400, BothSites with { States = [Preprocessed], Tags = new() { ["exp"] = "kc" } });

        // State changes through the job grains (group commits), one at a time and many at once.
        await _first.MoveAsync(created[0].Id, Failed);
        await _first.Jobs.UpdateAsync(BothSites with { States = [Preprocessed], Tags = Odd, Limit = 50 }, JobPatch.ToState(Failed));
        await AgreeAsync(51, BothSites with { States = [Failed] });
        await AgreeAsync(150, BothSites with { States = [Preprocessed], Tags = Odd });
        await AgreeAsync(199, BothSites with { States = [Preprocessed], Tags = Even });

        // A tag edit moves a job between groups without a state change.
        await _first.Job(created[2].Id).UpdateAsync(new JobPatch { Tags = Odd });
        await AgreeAsync(198, BothSites with { States = [Preprocessed], Tags = Even });
        await AgreeAsync(151, BothSites with { States = [Preprocessed], Tags = Odd });

        await _first.Jobs.DeleteAsync(BothSites with { States = [Failed] });
        await AgreeAsync(0, BothSites with { States = [Failed] });
        await AgreeAsync(499, BothSites);

        await using var dataSource = NpgsqlDataSource.Create(_silo.ConnectionString);
        var groupsBefore = await GroupsAsync(dataSource);
        await JobCountFold.FoldAsync(dataSource, TestContext.CancellationToken);
        Assert.AreEqual(groupsBefore, await RowsAsync(dataSource), "a fold leaves one row per (site, state, tags) that has jobs");
        await AgreeAsync(349, BothSites with { States = [Preprocessed], Tags = new() { ["exp"] = "kc" } });
        await AgreeAsync(150, BothSites with { SiteIds = [_second.SiteId], States = [Preprocessed, Failed] });
        await AgreeAsync(0, BothSites with { States = [] });
    }

    [TestMethod]
    public async Task AListingByTagsOverSitesWhereOneHasNoMatchFindsAJobThatGetsTheTagsLater()
    {
        var first = await JobWorld.CreateAsync(_silo, siteName: "late-a");
        var second = await JobWorld.CreateAsync(_silo, siteName: "late-b");
        var wanted = new Dictionary<string, string> { ["exp"] = "late" };
        var mine = await first.Jobs.CreateAsync(Enumerable.Range(0, 5).Select(i => first.Spec($"late/{i}", tags: wanted)).ToList());
        var theirs = await second.Jobs.CreateAsync(Enumerable.Range(0, 20).Select(i => second.Spec($"late-other/{i}", tags: new() { ["exp"] = "early" })).ToList());
        var query = new JobQuery { SiteIds = [first.SiteId, second.SiteId], States = [Preprocessed], Tags = wanted, Limit = 100 };
        CollectionAssert.AreEqual(mine.Select(j => j.Id).ToArray(), (await first.Jobs.QueryAsync(query)).Select(j => j.Id).ToArray());

        await second.Job(theirs[7].Id).UpdateAsync(new JobPatch { Tags = wanted });

        CollectionAssert.AreEqual(mine.Select(j => j.Id).Append(theirs[7].Id).ToArray(), (await first.Jobs.QueryAsync(query)).Select(j => j.Id).ToArray());
    }

    /// <summary>The kept count, the count over the jobs and the expected number agree.</summary>
    private static async Task AgreeAsync(long expected, JobQuery query)
    {
        var scanned = await _first.Jobs.CountAsync(query with { CreatedAfter = DateTimeOffset.UnixEpoch });
        Assert.AreEqual(expected, scanned, "counted over the jobs");
        Assert.AreEqual(expected, await _first.Jobs.CountAsync(query), "kept count");
    }

    private static async Task<long> GroupsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM (SELECT DISTINCT site_id, state, tags FROM jobs) g");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> RowsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM job_counts");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
