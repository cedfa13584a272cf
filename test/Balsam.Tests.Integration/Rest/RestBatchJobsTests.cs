using System.Net;
using static Balsam.Tests.Integration.Rest.RestFixture;
using static Balsam.Tests.Integration.Rest.RestJobsWorld;

namespace Balsam.Tests.Integration.Rest;

[TestClass]
[DoNotParallelize]
public sealed class RestBatchJobsTests
{
    private static RestFixture _rest = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _rest = await RestFixture.StartAsync("restbatch");

    [ClassCleanup]
    public static async Task StopAsync() => await _rest.DisposeAsync();

    private static object Create(long siteId, int nodes = 2, string queue = "debug") =>
        new { site_id = siteId, project = "proj", queue, num_nodes = nodes, wall_time_min = 30, job_mode = "mpi", filter_tags = new { k = "v" } };

    [TestMethod]
    public async Task BatchJobsAreCreatedPendingListedUpdatedAndDeleted()
    {
        var alice = _rest.For("alice");
        var (siteId, _) = await SiteWithAppAsync(_rest, "alice");

        var first = await PostAsync(alice, "/batch-jobs/", Create(siteId));
        Assert.AreEqual("pending_submission", first.GetProperty("state").GetString());
        Assert.AreEqual("mpi", first.GetProperty("job_mode").GetString());
        var id1 = first.GetProperty("id").GetInt64();
        var id2 = (await PostAsync(alice, "/batch-jobs/", Create(siteId, nodes: 1))).GetProperty("id").GetInt64();
        var bad = await PostAsync(alice, "/batch-jobs/", Create(siteId, nodes: 99, queue: "nope"), HttpStatusCode.BadRequest);
        StringAssert.Contains(bad.GetProperty("detail").GetString(), "queue");
        await PostAsync(alice, "/batch-jobs/", new { site_id = siteId }, HttpStatusCode.UnprocessableEntity);

        var updated = await PutAsync(alice, $"/batch-jobs/{id1}", new { state = "queued", scheduler_id = 4242, status_info = new { note = "in queue" } });
        Assert.AreEqual("queued", updated.GetProperty("state").GetString());
        Assert.AreEqual(4242, updated.GetProperty("scheduler_id").GetInt64());
        var patched = await PatchAsync(alice, "/batch-jobs/", new object[] { new { id = id1, state = "running", start_time = "2026-01-01T00:00:00" }, new { id = id2, state = "queued", scheduler_id = 4343 } });
        Assert.AreEqual(2, patched.GetArrayLength());
        Assert.AreEqual("2026-01-01T00:00:00.000000", (await GetAsync(alice, $"/batch-jobs/{id1}")).GetProperty("start_time").GetString());

        var s = $"site_id={siteId}";
        Assert.AreEqual(2, (await GetAsync(alice, $"/batch-jobs/?{s}")).GetProperty("count").GetInt64());
        CollectionAssert.AreEqual(new[] { id1 }, RestFixture.ResultIds(await GetAsync(alice, $"/batch-jobs/?{s}&state=running")));
        CollectionAssert.AreEqual(new[] { id2 }, RestFixture.ResultIds(await GetAsync(alice, $"/batch-jobs/?{s}&scheduler_id=4343")));
        Assert.AreEqual(2, (await GetAsync(alice, $"/batch-jobs/?{s}&queue=debug&filter_tags=k:v")).GetProperty("count").GetInt64());
        CollectionAssert.AreEqual(new[] { id1 }, RestFixture.ResultIds(await GetAsync(alice, $"/batch-jobs/?{s}&start_time_after=2025-12-31T00:00:00")));
        CollectionAssert.AreEqual(new[] { id2 }, RestFixture.ResultIds(await GetAsync(alice, $"/batch-jobs/?{s}&limit=1&offset=1")));
        Assert.AreEqual(id1, RestFixture.ResultIds(await GetAsync(alice, $"/batch-jobs/?{s}&ordering=-start_time"))[0]);
        await GetAsync(alice, "/batch-jobs/?state=RUNNING", HttpStatusCode.UnprocessableEntity);

        await DeleteAsync(alice, $"/batch-jobs/{id1}");
        Assert.AreEqual("pending_deletion", (await GetAsync(alice, $"/batch-jobs/{id1}")).GetProperty("state").GetString(), "a running allocation is asked to end");

        var bob = _rest.For("bob");
        await GetAsync(bob, $"/batch-jobs/{id2}", HttpStatusCode.NotFound);
        await PutAsync(bob, $"/batch-jobs/{id2}", new { state = "finished" }, HttpStatusCode.NotFound);
        await DeleteAsync(bob, $"/batch-jobs/{id2}", HttpStatusCode.NotFound);
        await PatchAsync(bob, "/batch-jobs/", new[] { new { id = id2, state = "finished" } }, HttpStatusCode.NotFound);
        Assert.AreEqual(0, (await GetAsync(bob, $"/batch-jobs/?{s}")).GetProperty("count").GetInt64());
        var notTheirs = await PostAsync(bob, "/batch-jobs/", Create(siteId), HttpStatusCode.BadRequest); // as Balsam: 400 naming the site
        StringAssert.Contains(notTheirs.GetProperty("detail").GetString(), "site");
    }
}
