using System.Diagnostics;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.States;
using Balsam.Tests.Integration.Infrastructure;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>10,000 jobs created in one call, then queried; every query's answer is checked against the known set.</summary>
[TestClass]
public sealed class BulkCreateAndQueryTests
{
    private const int Count = 10_000;
    private static TestSilo _silo = null!;
    private static JobWorld _world = null!;
    private static IReadOnlyList<JobRecord> _created = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("bulk"));
        _world = await JobWorld.CreateAsync(_silo);
        var specs = Enumerable.Range(0, Count).Select(i => _world.Spec(
            $"sweep/run-{i:D5}",
            tags: new() { ["exp"] = i % 2 == 0 ? "even" : "odd", ["block"] = (i / 1000).ToString() },
            parameters: new() { ["msg"] = $"\"value-{i % 10}\"" },
            resources: new JobResources { NumNodes = 1 + i % 4, WallTimeMin = i % 60 })).ToList();
        var clock = Stopwatch.StartNew();
        _created = await _world.Jobs.CreateAsync(specs);
        context.WriteLine($"Bulk create of {Count} jobs: {clock.ElapsedMilliseconds} ms ({Count / clock.Elapsed.TotalSeconds:F0} jobs/s)");
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _silo.DisposeAsync();

    private static JobQuery Ours => new() { SiteIds = [_world.SiteId] };

    [TestMethod]
    public async Task EveryJobWasCreatedWithAnIdAndItsFields()
    {
        Assert.AreEqual(Count, _created.Count);
        Assert.AreEqual(Count, _created.Select(j => j.Id).Distinct().Count());
        Assert.AreEqual((long)Count, await _world.Jobs.CountAsync(Ours));
        var sample = (await _world.Jobs.QueryAsync(Ours with { Ids = [_created[1234].Id] })).Single();
        Assert.AreEqual("sweep/run-01234", sample.Workdir);
        Assert.AreEqual("\"value-4\"", sample.Parameters["msg"]);
        Assert.AreEqual(3, sample.Resources.NumNodes);
        Assert.AreEqual(Preprocessed, sample.State);
        Assert.AreEqual(2, (await _world.EventsAsync(sample.Id)).Count);
    }

    [TestMethod]
    public async Task FiltersReturnExactlyTheMatchingRows()
    {
        Assert.AreEqual(Count / 2L, await _world.Jobs.CountAsync(Ours with { Tags = new() { ["exp"] = "even" } }));
        var evenBlock3 = await _world.Jobs.QueryAsync(Ours with { Tags = new() { ["exp"] = "even", ["block"] = "3" } });
        CollectionAssert.AreEquivalent(
            Enumerable.Range(3000, 1000).Where(i => i % 2 == 0).Select(i => $"sweep/run-{i:D5}").ToArray(),
            evenBlock3.Select(j => j.Workdir).ToArray());

        var byParameter = await _world.Jobs.CountAsync(Ours with { Parameters = new() { ["msg"] = "\"value-7\"" } });
        Assert.AreEqual(Count / 10L, byParameter);

        var contains = await _world.Jobs.QueryAsync(Ours with { WorkdirContains = "run-0999" });
        CollectionAssert.AreEquivalent(
            Enumerable.Range(9990, 10).Select(i => $"sweep/run-{i:D5}").ToArray(), contains.Select(j => j.Workdir).ToArray());

        var someIds = _created.Where((_, i) => i % 997 == 0).Select(j => j.Id).ToList();
        Assert.AreEqual(someIds.Count, (await _world.Jobs.QueryAsync(Ours with { Ids = someIds })).Count);
        Assert.AreEqual((long)Count, await _world.Jobs.CountAsync(Ours with { States = [Preprocessed, RestartReady] }));
        Assert.AreEqual(0L, await _world.Jobs.CountAsync(Ours with { States = [Failed] }));
        Assert.AreEqual((long)Count, await _world.Jobs.CountAsync(Ours with { AppNames = [JobWorld.Echo] }));
        Assert.AreEqual((long)Count, await _world.Jobs.CountAsync(Ours with { CreatedAfter = DateTimeOffset.UtcNow.AddHours(-1) }));
        Assert.AreEqual(0L, await _world.Jobs.CountAsync(Ours with { LastUpdateBefore = DateTimeOffset.UtcNow.AddHours(-1) }));
    }

    [TestMethod]
    public async Task OrderingAndPagingWalkTheWholeSetOnce()
    {
        var page1 = await _world.Jobs.QueryAsync(Ours with { OrderBy = JobOrderField.Workdir, Descending = true, Limit = 5 });
        CollectionAssert.AreEqual(
            Enumerable.Range(9995, 5).Reverse().Select(i => $"sweep/run-{i:D5}").ToArray(), page1.Select(j => j.Workdir).ToArray());

        var seen = new List<long>();
        for (var offset = 0; offset < Count; offset += 2500)
        {
            seen.AddRange((await _world.Jobs.QueryAsync(Ours with { OrderBy = JobOrderField.Id, Limit = 2500, Offset = offset })).Select(j => j.Id));
        }

        CollectionAssert.AreEqual(_created.Select(j => j.Id).Order().ToArray(), seen.ToArray());

        var byNodes = await _world.Jobs.QueryAsync(Ours with { OrderBy = JobOrderField.NumNodes, Descending = true, Limit = 10 });
        Assert.IsTrue(byNodes.All(j => j.Resources.NumNodes == 4));
    }

    [TestMethod]
    public async Task AListingInOneStateOverSeveralSitesPagesThroughTheirJobsInIdOrder()
    {
        var other = await JobWorld.CreateAsync(_silo, siteName: "second-site");
        var theirs = await other.Jobs.CreateAsync(Enumerable.Range(0, 30).Select(i => other.Spec($"second/{i}", tags: new() { ["exp"] = "even" })).ToList());
        var both = new JobQuery { SiteIds = [other.SiteId, _world.SiteId, 987_654_321], States = [Preprocessed], Tags = new() { ["exp"] = "even" } };
        var expected = _created.Where((_, i) => i % 2 == 0).Concat(theirs).Select(j => j.Id).Order().ToList();

        foreach (var descending in new[] { false, true })
        {
            var order = descending ? expected.AsEnumerable().Reverse().ToList() : expected;
            var seen = new List<long>();
            for (var offset = 0; offset < expected.Count + 40; offset += 40)
            {
                var page = await _world.Jobs.QueryAsync(both with { Descending = descending, Limit = 40, Offset = offset });
                Assert.IsTrue(page.All(j => j.State == Preprocessed && j.Tags["exp"] == "even"));
                seen.AddRange(page.Select(j => j.Id));
            }

            CollectionAssert.AreEqual(order, seen, descending ? "descending" : "ascending");
        }

        Assert.AreEqual(30L, await _world.Jobs.CountAsync(both with { SiteIds = [other.SiteId] }));
    }

    [TestMethod]
    public async Task AListingOverMoreSitesThanItWalksOneByOneFindsExactlyTheJobsOfTheSitesThatHaveThem()
    {
        // Ten sites, of which every other one holds jobs with the listed tags: more sites than the listing walks one by
        // one, so it first keeps the sites whose kept counts hold such jobs.
        var sites = new List<JobWorld>();
        var expected = new List<long>();
        for (var k = 0; k < 10; k++)
        {
            var site = await JobWorld.CreateAsync(_silo, siteName: $"many-{k}");
            sites.Add(site);
            var tags = new Dictionary<string, string> { ["exp"] = k % 2 == 0 ? "many" : "few" };
            var created = await site.Jobs.CreateAsync(Enumerable.Range(0, 7).Select(i => site.Spec($"many/{k}/{i}", tags: tags)).ToList());
            if (k % 2 == 0)
            {
                expected.AddRange(created.Select(j => j.Id));
            }
        }

        var many = new JobQuery
        {
            SiteIds = [.. sites.Select(s => s.SiteId), _world.SiteId, 987_654_321], States = [Preprocessed], Tags = new() { ["exp"] = "many" },
        };
        expected.Sort();
        var seen = new List<long>();
        for (var offset = 0; offset < expected.Count + 10; offset += 10)
        {
            seen.AddRange((await _world.Jobs.QueryAsync(many with { Limit = 10, Offset = offset })).Select(j => j.Id));
        }

        CollectionAssert.AreEqual(expected, seen, "every job of the sites with such jobs, in id order, each once");
        Assert.IsEmpty(await _world.Jobs.QueryAsync(many with { States = [Running] }), "no site holds such jobs running");
        var tagged = await _world.Jobs.UpdateAsync(many, new JobPatch { Tags = new() { ["exp"] = "many", ["seen"] = "yes" } });
        Assert.AreEqual(expected.Count, tagged.Matched, "a change by query finds the same jobs");
    }

    [TestMethod]
    public async Task BulkUpdateAndDeleteGoThroughEachJob()
    {
        var block9 = Ours with { Tags = new() { ["block"] = "9" } };
        var result = await _world.Jobs.UpdateAsync(block9, JobPatch.ToState(Failed, """{"message":"cancelled by test"}"""));
        Assert.AreEqual(1000, result.Matched);
        Assert.AreEqual(1000, result.Changed, string.Join("; ", result.Failures.Values.Take(2)));
        Assert.AreEqual(1000L, await _world.Jobs.CountAsync(Ours with { States = [Failed] }));
        Assert.AreEqual(1000, (await _world.Jobs.EventsAsync(new EventQuery { SiteId = _world.SiteId, ToState = Failed })).Count);

        var refused = await _world.Jobs.UpdateAsync(block9 with { Limit = 3 }, JobPatch.ToState(Running));
        Assert.AreEqual(0, refused.Changed);
        Assert.AreEqual(3, refused.Failures.Count);
        StringAssert.Contains(refused.Failures.Values.First(), "cannot move from FAILED to RUNNING");

        var block9Ids = (await _world.Jobs.QueryAsync(block9)).Select(j => j.Id).ToList();
        Assert.AreEqual(3000L, await _world.StoredEventCountAsync(block9Ids), "created, staged in, preprocessed, failed: 3 events each");
        var deleted = await _world.Jobs.DeleteAsync(block9);
        Assert.AreEqual(1000, deleted.Changed);
        Assert.AreEqual(9000L, await _world.Jobs.CountAsync(Ours));
        Assert.AreEqual(0L, await _world.StoredEventCountAsync(block9Ids), "a deleted job's events go with it");
    }

    [TestMethod]
    public async Task OneInvalidJobInABatchCreatesNoneAndSaysWhichAndWhy()
    {
        var before = await _world.Jobs.CountAsync(new JobQuery());
        var specs = Enumerable.Range(0, 500).Select(i => _world.Spec($"bad-batch/{i}")).ToList();
        specs[123] = specs[123] with { Workdir = "/absolute/path" };
        specs[321] = specs[321] with { Parameters = new() { ["nonsense"] = "1" } };
        specs[400] = specs[400] with { Workdir = "bad-batch/../../escape" };
        specs[401] = specs[401] with { Workdir = specs[402].Workdir };

        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => _world.Jobs.CreateAsync(specs));

        var fields = error.Problems.Select(p => p.Field).ToList();
        CollectionAssert.IsSubsetOf(new[] { "jobs[123].workdir", "jobs[321].parameters.nonsense", "jobs[400].workdir", "jobs[402].workdir" }, fields);
        StringAssert.Contains(error.Message, "nothing was created");
        Assert.AreEqual(before, await _world.Jobs.CountAsync(new JobQuery()));
    }

    [TestMethod]
    public async Task MissingRequiredParametersAndSlotsAreNamed()
    {
        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => _world.Jobs.CreateAsync(
        [
            _world.Spec("named/hooked", JobWorld.Hooked, parameters: []),
            _world.Spec("named/staged", JobWorld.Staged) with { Transfers = new() { ["output"] = "nowhere:/x" } },
            _world.Spec("named/unknown-app", "NoSuchApp"),
        ]));

        var fields = error.Problems.Select(p => p.Field).ToList();
        CollectionAssert.IsSubsetOf(new[] { "jobs[0].parameters.n", "jobs[1].transfers.input", "jobs[1].transfers.output", "jobs[2].app" }, fields);
        StringAssert.Contains(error.Message, "no transfer location named 'nowhere'");
    }
}
