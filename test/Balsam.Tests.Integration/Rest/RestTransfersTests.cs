using System.Net;
using static Balsam.Tests.Integration.Rest.RestFixture;
using static Balsam.Tests.Integration.Rest.RestJobsWorld;

namespace Balsam.Tests.Integration.Rest;

[TestClass]
[DoNotParallelize]
public sealed class RestTransfersTests
{
    private static RestFixture _rest = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _rest = await RestFixture.StartAsync("resttransfers");

    [ClassCleanup]
    public static async Task StopAsync() => await _rest.DisposeAsync();

    [TestMethod]
    public async Task TransferItemsAreListedAndTheirUpdatesMoveTheJobOn()
    {
        var alice = _rest.For("alice");
        var (siteId, appId) = await SiteWithAppAsync(_rest, "alice");
        var job = (await CreateAsync(alice, Job(appId, "t/1", tags: new { t = "1" }, transfers: new
        {
            input = new { location_alias = "laptop", path = "/data/in.dat" },
            output = new { location_alias = "laptop", path = "/data/out.dat" },
        })))[0];
        var jobId = job.GetProperty("id").GetInt64();
        Assert.AreEqual("READY", job.GetProperty("state").GetString());

        var items = await GetAsync(alice, $"/transfers/?job_id={jobId}");
        Assert.AreEqual(2, items.GetProperty("count").GetInt64());
        var stageIn = items.GetProperty("results").EnumerateArray().Single(i => i.GetProperty("direction").GetString() == "in");
        var stageOut = items.GetProperty("results").EnumerateArray().Single(i => i.GetProperty("direction").GetString() == "out");
        Assert.AreEqual("pending", stageIn.GetProperty("state").GetString());
        Assert.AreEqual("awaiting_job", stageOut.GetProperty("state").GetString());
        Assert.AreEqual("/data/in.dat", stageIn.GetProperty("remote_path").GetString());
        Assert.AreEqual("laptop", stageIn.GetProperty("location_alias").GetString());
        var inId = stageIn.GetProperty("id").GetInt64();
        var outId = stageOut.GetProperty("id").GetInt64();

        CollectionAssert.AreEqual(new[] { outId }, RestFixture.ResultIds(await GetAsync(alice, $"/transfers/?site_id={siteId}&state=awaiting_job")));
        CollectionAssert.AreEqual(new[] { inId }, RestFixture.ResultIds(await GetAsync(alice, $"/transfers/?job_id={jobId}&direction=in")));
        CollectionAssert.AreEqual(new[] { inId }, RestFixture.ResultIds(await GetAsync(alice, $"/transfers/?id={inId}")));
        Assert.AreEqual(2, (await GetAsync(alice, $"/transfers/?job_state=READY&tags=t:1")).GetProperty("count").GetInt64());
        CollectionAssert.AreEqual(new[] { outId }, RestFixture.ResultIds(await GetAsync(alice, $"/transfers/?job_id={jobId}&limit=1&offset=1")));
        await GetAsync(alice, "/transfers/?direction=up", HttpStatusCode.UnprocessableEntity);

        var active = await PutAsync(alice, $"/transfers/{inId}", new { state = "active", task_id = "rsync:1", transfer_info = new { bandwidth = "4" } });
        Assert.AreEqual("active", active.GetProperty("state").GetString());
        Assert.AreEqual("rsync:1", active.GetProperty("task_id").GetString());
        var done = await PatchAsync(alice, "/transfers/", new[] { new { id = inId, state = "done" } });
        Assert.AreEqual("done", done[0].GetProperty("state").GetString());
        Assert.AreEqual("4", done[0].GetProperty("transfer_info").GetProperty("bandwidth").GetString());
        await WaitForStateAsync(alice, jobId, "PREPROCESSED");

        var bob = _rest.For("bob");
        await GetAsync(bob, $"/transfers/{inId}", HttpStatusCode.NotFound);
        await PutAsync(bob, $"/transfers/{outId}", new { state = "done" }, HttpStatusCode.NotFound);
        await PatchAsync(bob, "/transfers/", new[] { new { id = outId, state = "done" } }, HttpStatusCode.NotFound);
        Assert.AreEqual(0, (await GetAsync(bob, $"/transfers/?job_id={jobId}")).GetProperty("count").GetInt64());
        Assert.AreEqual("awaiting_job", (await GetAsync(alice, $"/transfers/{outId}")).GetProperty("state").GetString());
        await GetAsync(alice, "/transfers/999999", HttpStatusCode.NotFound);
    }
}
