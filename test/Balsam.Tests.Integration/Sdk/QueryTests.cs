using System.Diagnostics;
using Balsam.Client;
using Balsam.Client.Jobs;
using Balsam.Client.Queries;
using Balsam.Errors;
using Balsam.States;
using Balsam.Tests.Integration.Sdk.Apps;

namespace Balsam.Tests.Integration.Sdk;

/// <summary>Bulk create through unsaved submits, and lazy, chainable queries that return exactly the right jobs.</summary>
[TestClass]
public sealed class QueryTests
{
    private const int Count = 1_000;
    private static SdkWorld _world = null!;
    private static IReadOnlyList<Job> _jobs = null!;
    private static TimeSpan _bulkCreateTime;

    private static BalsamClient Balsam => _world.Client;

    /// <summary>1,000 Adder jobs, x = i, tagged by parity and decade; every fifth with 2 nodes.</summary>
    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _world = await SdkWorld.StartAsync("sdkquery");
        await Balsam.Apps.SyncAsync<Adder>();
        var unsaved = Enumerable.Range(0, Count).Select(i => Balsam.Jobs.New<Adder>($"bulk/{i:D4}", new { x = i, y = 1 }, new JobOptions
        {
            Tags = { ["parity"] = i % 2 == 0 ? "even" : "odd", ["decade"] = (i / 10).ToString(), ["test"] = "query" },
            NumNodes = i % 5 == 0 ? 2 : 1,
        })).ToList();
        Assert.IsTrue(unsaved.All(j => j.IsNew), "New makes unsaved jobs");

        var clock = Stopwatch.StartNew();
        _jobs = await Balsam.Jobs.BulkCreateAsync(unsaved);
        _bulkCreateTime = clock.Elapsed;
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    [TestMethod]
    public async Task BulkCreateOfAThousandUnsavedSubmitsGivesEveryJobItsId()
    {
        Assert.HasCount(Count, _jobs);
        Assert.AreEqual(Count, _jobs.Select(j => j.Id).Distinct().Count());
        Assert.IsTrue(_jobs.All(j => !j.IsNew && j.State == JobState.Preprocessed));
        Assert.AreEqual("bulk/0123", _jobs[123].Workdir, "returned in the order given");
        Assert.AreEqual(123, _jobs[123].Parameters.Get<int>("x"));
        Assert.AreEqual(Count, await Balsam.Jobs.Where(tags: new() { ["test"] = "query" }).CountAsync());
        Console.WriteLine($"bulk create of {Count}: {_bulkCreateTime.TotalMilliseconds:F0} ms");
    }

    [TestMethod]
    public async Task BulkCreateErrorsNameTheJobByItsIndexAndCreateNothing()
    {
        var batch = new[]
        {
            Balsam.Jobs.New<Adder>("bulk-bad/0", new { x = 1, y = 1 }),
            Balsam.Jobs.New<Adder>("bulk-bad/1", new { x = 1 }),
            Balsam.Jobs.New<Adder>("/absolute", new { x = 1, y = 1 }),
        };
        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => Balsam.Jobs.BulkCreateAsync(batch));
        StringAssert.Contains(error.Message, "jobs[1].parameters.y");
        StringAssert.Contains(error.Message, "jobs[2].workdir");
        Assert.AreEqual(0, await Balsam.Jobs.Where(workdirContains: "bulk-bad").CountAsync());
        Assert.IsTrue(batch.All(j => j.IsNew));
    }

    [TestMethod]
    public async Task FiltersCombineAndMatchExactlyTheRightJobs()
    {
        var even = Balsam.Jobs.Where(tags: new() { ["parity"] = "even" });
        Assert.AreEqual(500, await even.CountAsync());
        var evenOfDecade0 = even.Where(parameters: new { y = 1 }).Where(tags: new() { ["parity"] = "even", ["decade"] = "0" });
        CollectionAssert.AreEqual(new[] { 0, 2, 4, 6, 8 }, (await evenOfDecade0.ToListAsync()).Select(j => j.Parameters.Get<int>("x")).ToList());

        var decade7 = await Balsam.Jobs.Where(tags: new() { ["decade"] = "7" }).ToListAsync();
        CollectionAssert.AreEqual(Enumerable.Range(70, 10).ToList(), decade7.Select(j => j.Parameters.Get<int>("x")).ToList());

        var ids = _jobs.Take(5).Select(j => j.Id).ToList();
        Assert.AreEqual(5, await Balsam.Jobs.Where(ids: ids).CountAsync());
        Assert.AreEqual(0, await Balsam.Jobs.Where(ids: []).CountAsync(), "an empty id list matches nothing");
        Assert.AreEqual(1, await Balsam.Jobs.Where(parameters: new { x = 999 }).CountAsync());
        Assert.AreEqual(10, await Balsam.Jobs.Where(workdirContains: "bulk/099").CountAsync());
        Assert.AreEqual(Count, await Balsam.Jobs.Where(app: typeof(Adder), site: SdkWorld.SiteName, state: JobState.Preprocessed).CountAsync());
        Assert.AreEqual(Count, await Balsam.Jobs.Where(app: "Adder", states: JobStateNames.Runnable).CountAsync());
        Assert.AreEqual(0, await Balsam.Jobs.Where(site: "no-such-site").CountAsync());
        Assert.AreEqual(0, await Balsam.Jobs.Where(createdBefore: _jobs[0].CreatedAt!.Value.AddMinutes(-1)).CountAsync());
    }

    [TestMethod]
    public async Task OrderAndSliceWorkTogetherAndSlicingComesLast()
    {
        var page = await Balsam.Jobs.Where(tags: new() { ["parity"] = "odd" }).OrderByDescending(JobField.Workdir).Skip(10).Take(5).ToListAsync();
        CollectionAssert.AreEqual(new[] { "bulk/0979", "bulk/0977", "bulk/0975", "bulk/0973", "bulk/0971" }, page.Select(j => j.Workdir).ToList());

        var query = Balsam.Jobs.OrderBy(JobField.Id);
        Assert.AreEqual(_jobs[0].Id, (await query.FirstAsync()).Id);
        Assert.AreEqual(_jobs[^1].Id, (await Balsam.Jobs.OrderByDescending(JobField.Id).FirstAsync()).Id);
        Assert.AreEqual(7, await query.Skip(993).CountAsync());
        Assert.AreEqual(3, await query.Skip(993).Take(3).CountAsync());
        Assert.AreEqual(2, await query.Take(5).Skip(3).CountAsync(), "take then skip, as in LINQ");
        Assert.AreEqual(_jobs[996].Id, (await query.Take(997).Skip(996).GetAsync()).Id);

        var bigFirst = await Balsam.Jobs.OrderByDescending(JobField.NumNodes).Take(200).ToListAsync();
        Assert.IsTrue(bigFirst.All(j => j.NumNodes == 2));
        Assert.ThrowsExactly<InvalidOperationException>(() => query.Take(5).Where(state: JobState.Failed));
        Assert.ThrowsExactly<InvalidOperationException>(() => query.Skip(5).OrderBy(JobField.State));
    }

    [TestMethod]
    public async Task GetFirstAndAnyReportNothingAndTooMuchWithTypedExceptions()
    {
        var one = await Balsam.Jobs.Where(workdirContains: "bulk/0042").GetAsync();
        Assert.AreEqual(42, one.Parameters.Get<int>("x"));

        var none = await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => Balsam.Jobs.Where(workdirContains: "nothing-here").GetAsync());
        Assert.AreEqual("Job", none.Resource);
        StringAssert.Contains(none.Message, "workdir containing 'nothing-here'");
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => Balsam.Jobs.Where(state: JobState.Failed).FirstAsync());
        Assert.IsNull(await Balsam.Jobs.Where(state: JobState.Failed).FirstOrDefaultAsync());
        Assert.IsFalse(await Balsam.Jobs.Where(state: JobState.Failed).AnyAsync());

        var many = await Assert.ThrowsExactlyAsync<MultipleObjectsReturnedException>(() => Balsam.Jobs.Where(tags: new() { ["decade"] = "3" }).GetAsync());
        Assert.AreEqual(10, many.Count);
        StringAssert.Contains(many.Message, "tags {decade: 3}");
    }

    [TestMethod]
    public async Task AsyncEnumerationPagesThroughEveryMatchOnce()
    {
        var seen = new List<long>();
        await foreach (var job in Balsam.Jobs.Where(tags: new() { ["test"] = "query" }).OrderBy(JobField.Id))
        {
            seen.Add(job.Id);
        }

        CollectionAssert.AreEqual(_jobs.Select(j => j.Id).ToList(), seen);
        var firstTwo = new List<Job>();
        await foreach (var job in Balsam.Jobs.OrderBy(JobField.Id).Take(2))
        {
            firstTwo.Add(job);
        }

        Assert.HasCount(2, firstTwo);
    }

    [TestMethod]
    public async Task UpdateAndDeleteByQueryTouchOnlyTheMatches()
    {
        var extra = await Balsam.Jobs.BulkCreateAsync(Enumerable.Range(0, 30).Select(i =>
            Balsam.Jobs.New<Adder>($"update/{i:D2}", new { x = i, y = 2 }, new JobOptions { Tags = { ["test"] = "update" } })));
        var batch = Balsam.Jobs.Where(tags: new() { ["test"] = "update" });

        var failed = await batch.OrderBy(JobField.Workdir).Take(10).UpdateAsync(j => { j.State = JobState.Failed; j.StateMessage = "bad input"; });
        Assert.AreEqual(10, failed.Changed);
        CollectionAssert.AreEqual(extra.Take(10).Select(j => j.Id).ToList(),
            (await Balsam.Jobs.Where(state: JobState.Failed).OrderBy(JobField.Id).ToListAsync()).Select(j => j.Id).ToList());

        var restarted = await Balsam.Jobs.Where(state: JobState.Failed).UpdateAsync(new JobUpdate { State = JobState.RestartReady });
        Assert.AreEqual(10, restarted.Changed);
        Assert.AreEqual(10, await batch.Where(state: JobState.RestartReady).CountAsync());

        var resized = await batch.Where(state: JobState.RestartReady).UpdateAsync(j => { j.WallTimeMin = 45; j.NumNodes = 3; });
        Assert.AreEqual(10, resized.Changed);
        var sample = await batch.Where(state: JobState.RestartReady).FirstAsync();
        Assert.AreEqual((45, 3, 1), (sample.WallTimeMin, sample.NumNodes, sample.RanksPerNode), "other resources are kept");

        var refused = await batch.Where(state: JobState.RestartReady).UpdateAsync(j => j.State = JobState.JobFinished);
        Assert.AreEqual(0, refused.Changed);
        Assert.HasCount(10, refused.Failures);

        var deleted = await batch.Where(state: JobState.RestartReady).DeleteAsync();
        Assert.AreEqual(10, deleted.Changed);
        Assert.AreEqual(20, await batch.CountAsync());
        Assert.AreEqual(20, (await batch.DeleteAsync()).Changed);
        Assert.AreEqual(Count, await Balsam.Jobs.All().CountAsync(), "the other jobs are untouched");
    }

    [TestMethod]
    public async Task EventsAndSitesHaveTheSameQueryShape()
    {
        var job = _jobs[7];
        var history = await Balsam.Events.Where(jobId: job.Id).ToListAsync();
        CollectionAssert.AreEqual(new[] { JobState.Created, JobState.StagedIn }, history.Select(e => e.From).ToList());
        Assert.AreEqual(JobState.Preprocessed, history[^1].To);
        Assert.AreEqual(history[^1].Timestamp, (await Balsam.Events.Where(jobId: job.Id).OrderByDescending().FirstAsync()).Timestamp);
        Assert.AreEqual(Count, await Balsam.Events.Where(toState: JobState.Preprocessed, tags: new() { ["test"] = "query" }).CountAsync());
        Assert.AreEqual(5, await Balsam.Events.Where(jobIds: _jobs.Take(5).Select(j => j.Id), fromState: JobState.Created).CountAsync());
        Assert.AreEqual(0, await Balsam.Events.Where(toState: JobState.Preprocessed, after: DateTimeOffset.UtcNow.AddMinutes(5)).CountAsync());
        Assert.AreEqual(3, await Balsam.Events.Where(toState: JobState.StagedIn).Skip(10).Take(3).CountAsync());

        var site = await Balsam.Sites.Where(name: SdkWorld.SiteName).GetAsync();
        Assert.AreEqual(_world.Site.Id, site.Id);
        Assert.AreEqual(1, await Balsam.Sites.Where(pathContains: "sdk-apps", active: false).CountAsync());
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => Balsam.Sites.Where(name: "nope").GetAsync());
    }

    [TestMethod]
    public async Task BulkChangesPastTheServicesPageLimitAreSentInChunksOfIds()
    {
        await using var client = await _world.Silo.ConnectAsync("sdk-sdkquery");
        client.Jobs.BulkQueryCap = 7;
        await client.Jobs.BulkCreateAsync(Enumerable.Range(0, 20).Select(i =>
            client.Jobs.New<Adder>($"chunked/{i:D2}", new { x = i, y = 3 }, new JobOptions { Tags = { ["test"] = "chunked" } })));
        var batch = client.Jobs.Where(tags: new() { ["test"] = "chunked" });

        var failed = await batch.Where(state: JobState.Preprocessed).UpdateAsync(j => j.State = JobState.Failed);
        Assert.AreEqual((20, 20), (failed.Matched, failed.Changed), "the update changes which jobs match: ids were read first");
        Assert.AreEqual(20, await batch.Where(state: JobState.Failed).CountAsync());
        Assert.AreEqual(5, (await batch.OrderBy(JobField.Workdir).Take(5).DeleteAsync()).Changed, "a slice within the cap is one call");
        Assert.AreEqual(15, (await batch.DeleteAsync()).Changed);
        Assert.AreEqual(0, await batch.CountAsync());
    }
}
