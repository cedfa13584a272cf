using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Client.BatchJobs;
using Balsam.Client.Queries;
using Balsam.Sites;

namespace Balsam.Tests.Integration.Sdk.BatchJobs;

/// <summary>
/// Lazy, chainable batch-job queries that return exactly the right batch jobs: six at two sites, moved by the test
/// (acting as the sites' scheduler services) to known states, scheduler ids and start and end times.
/// </summary>
[TestClass]
public sealed class BatchJobQueryTests
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static SdkWorld _world = null!;
    private static SiteInfo _other = null!;
    private static List<BatchJob> _batchJobs = null!;

    private static BalsamClient Balsam => _world.Client;

    /// <summary>
    /// Batch jobs 0-5: even ones in debug at sdk-apps, odd ones in prod at "other"; 0 and 1 pending submission,
    /// 2 and 3 running (started Noon+2h, Noon+3h), 4 and 5 finished (Noon+4h..Noon+5h, Noon+5h..Noon+6h).
    /// Scheduler id 1000+i once submitted; filter tags n=i, parity.
    /// </summary>
    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _world = await SdkWorld.StartAsync("sdkbatchquery");
        await BatchJobSites.AllowBatchJobsAsync(Balsam, _world.Site.Id);
        _other = await Balsam.Sites.CreateAsync(new SiteSpec { Name = "other", Path = "/lus/other", Settings = BatchJobSites.Settings });
        _batchJobs = [];
        for (var i = 0; i < 6; i++)
        {
            var created = await Balsam.BatchJobs.CreateAsync(new BatchJobRequest
            {
                Site = i % 2 == 0 ? _world.Site : _other,
                Queue = i % 2 == 0 ? "debug" : "prod",
                Project = "p",
                NumNodes = i + 1,
                WallTimeMin = 10,
                FilterTags = { ["n"] = i.ToString(), ["parity"] = i % 2 == 0 ? "even" : "odd" },
            });
            var grain = _world.Client.Cluster.GetGrain<IBatchJobGrain>(created.Id);
            if (i >= 2)
            {
                await grain.UpdateAsync(new BatchJobPatch { State = BatchJobState.Queued, SchedulerId = 1000 + i });
                await grain.UpdateAsync(new BatchJobPatch { State = BatchJobState.Running, StartTime = Noon.AddHours(i) });
            }

            if (i >= 4)
            {
                await grain.UpdateAsync(new BatchJobPatch { State = BatchJobState.Finished, EndTime = Noon.AddHours(i + 1) });
            }

            await created.RefreshAsync();
            _batchJobs.Add(created);
        }
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    private static List<long> Ids(params int[] indexes) => [.. indexes.Select(i => _batchJobs[i].Id)];

    private static async Task<List<long>> IdsOf(BatchJobsQuery query) => [.. (await query.ToListAsync()).Select(b => b.Id)];

    [TestMethod]
    public async Task FiltersCombineAndMatchExactlyTheRightBatchJobs()
    {
        CollectionAssert.AreEqual(Ids(0, 2, 4), await IdsOf(Balsam.BatchJobs.Where(site: SdkWorld.SiteName)));
        CollectionAssert.AreEqual(Ids(1, 3, 5), await IdsOf(Balsam.BatchJobs.Where(site: _other.Id)));
        CollectionAssert.AreEqual(Ids(2, 3), await IdsOf(Balsam.BatchJobs.Where(state: BatchJobState.Running)));
        CollectionAssert.AreEqual(Ids(0, 1, 2, 3), await IdsOf(Balsam.BatchJobs.Where(states: BatchJobStateNames.Active)));
        CollectionAssert.AreEqual(Ids(3), await IdsOf(Balsam.BatchJobs.Where(schedulerId: 1003)));
        CollectionAssert.AreEqual(Ids(1, 3, 5), await IdsOf(Balsam.BatchJobs.Where(queue: "prod")));
        CollectionAssert.AreEqual(Ids(4), await IdsOf(Balsam.BatchJobs.Where(filterTags: new() { ["parity"] = "even", ["n"] = "4" })));
        CollectionAssert.AreEqual(Ids(2, 4), await IdsOf(Balsam.BatchJobs.Where(ids: Ids(0, 2, 4, 5), states: [BatchJobState.Running, BatchJobState.Finished]).Where(queue: "debug")));
        CollectionAssert.AreEqual(Ids(3, 4), await IdsOf(Balsam.BatchJobs.Where(startTimeAfter: Noon.AddHours(2.5), startTimeBefore: Noon.AddHours(4.5))));
        CollectionAssert.AreEqual(Ids(5), await IdsOf(Balsam.BatchJobs.Where(endTimeAfter: Noon.AddHours(5.5))));
        CollectionAssert.AreEqual(Ids(4), await IdsOf(Balsam.BatchJobs.Where(endTimeBefore: Noon.AddHours(5.5))));
        Assert.AreEqual(0, await Balsam.BatchJobs.Where(ids: []).CountAsync(), "an empty id list matches nothing");
        Assert.AreEqual(0, await Balsam.BatchJobs.Where(site: "no-such-site").CountAsync());
        Assert.AreEqual(0, await Balsam.BatchJobs.Where(state: BatchJobState.SubmitFailed).CountAsync());
    }

    [TestMethod]
    public async Task OrderPagingAndCountWorkTogether()
    {
        CollectionAssert.AreEqual(Ids(5, 4, 3, 2, 1, 0), await IdsOf(Balsam.BatchJobs.OrderByDescending(BatchJobField.Id)));
        CollectionAssert.AreEqual(Ids(5, 4, 3, 2), (await IdsOf(Balsam.BatchJobs.OrderByDescending(BatchJobField.StartTime))).Take(4).ToList(),
            "latest start first; never-started ones come last");
        CollectionAssert.AreEqual(Ids(4, 5), await IdsOf(Balsam.BatchJobs.Where(state: BatchJobState.Finished).OrderBy(BatchJobField.EndTime)));
        CollectionAssert.AreEqual(Ids(2, 3), await IdsOf(Balsam.BatchJobs.OrderBy(BatchJobField.Id).Skip(2).Take(2)));
        Assert.AreEqual(6, await Balsam.BatchJobs.All().CountAsync());
        Assert.AreEqual(2, await Balsam.BatchJobs.All().Skip(4).CountAsync());
        Assert.AreEqual(3, await Balsam.BatchJobs.All().Take(3).CountAsync());
        Assert.AreEqual(_batchJobs[5].Id, (await Balsam.BatchJobs.OrderByDescending(BatchJobField.Id).FirstAsync()).Id);
        Assert.ThrowsExactly<InvalidOperationException>(() => Balsam.BatchJobs.All().Take(2).Where(queue: "debug"));

        var seen = new List<long>();
        await foreach (var batchJob in Balsam.BatchJobs.Where(site: _other))
        {
            seen.Add(batchJob.Id);
        }

        CollectionAssert.AreEqual(Ids(1, 3, 5), seen);
    }

    [TestMethod]
    public async Task GetReportsNothingAndTooMuchWithTypedExceptions()
    {
        Assert.AreEqual(_batchJobs[3].Id, (await Balsam.BatchJobs.Where(schedulerId: 1003).GetAsync()).Id);
        Assert.AreEqual(1003, (await Balsam.BatchJobs.GetAsync(_batchJobs[3].Id)).SchedulerId);

        var none = await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => Balsam.BatchJobs.GetAsync(987_654));
        Assert.AreEqual("BatchJob", none.Resource);
        StringAssert.Contains(none.Message, "id in [987654]");
        var many = await Assert.ThrowsExactlyAsync<MultipleObjectsReturnedException>(() => Balsam.BatchJobs.Where(queue: "prod").GetAsync());
        Assert.AreEqual(3, many.Count);
        StringAssert.Contains(many.Message, "queue 'prod'");
        Assert.IsNull(await Balsam.BatchJobs.Where(state: BatchJobState.PendingDeletion).FirstOrDefaultAsync());
    }

    [TestMethod]
    public async Task AnotherUserSeesNoneOfTheseBatchJobs()
    {
        await using var stranger = await _world.Silo.ConnectAsync("someone-else");
        Assert.AreEqual(0, await stranger.BatchJobs.All().CountAsync());
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => stranger.BatchJobs.GetAsync(_batchJobs[0].Id));
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => stranger.BatchJobs.CreateAsync(new BatchJobRequest
        {
            Site = _world.Site.Id, Queue = "debug", Project = "p", NumNodes = 1, WallTimeMin = 5,
        }));
    }
}
