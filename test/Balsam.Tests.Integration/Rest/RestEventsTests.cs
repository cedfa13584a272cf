using System.Net;
using static Balsam.Tests.Integration.Rest.RestFixture;
using static Balsam.Tests.Integration.Rest.RestJobsWorld;

namespace Balsam.Tests.Integration.Rest;

[TestClass]
[DoNotParallelize]
public sealed class RestEventsTests
{
    private static RestFixture _rest = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _rest = await RestFixture.StartAsync("restevents");

    [ClassCleanup]
    public static async Task StopAsync() => await _rest.DisposeAsync();

    [TestMethod]
    public async Task EventsAreNewestFirstFilteredByEveryParameterAndPaged()
    {
        var alice = _rest.For("alice");
        var (_, appId) = await SiteWithAppAsync(_rest, "alice");
        var ids = (await CreateAsync(alice, Job(appId, "e/1", tags: new { t = "1" }), Job(appId, "e/2"))).Select(r => r.GetProperty("id").GetInt64()).ToList();
        await PutAsync(alice, $"/jobs/{ids[0]}", new { state = "FAILED", state_data = new { reason = "test" } });
        var j = $"job_id={ids[0]}&job_id={ids[1]}";

        var all = await GetAsync(alice, $"/events/?{j}");
        var times = all.GetProperty("results").EnumerateArray().Select(e => e.GetProperty("timestamp").GetString()).ToList();
        CollectionAssert.AreEqual(times.OrderDescending().ToList(), times, "newest first by default");
        var count = all.GetProperty("count").GetInt64();
        Assert.IsGreaterThanOrEqualTo(5, count);
        var oldest = await GetAsync(alice, $"/events/?{j}&ordering=timestamp&limit=1");
        Assert.AreEqual(count, oldest.GetProperty("count").GetInt64());
        Assert.AreEqual("CREATED", oldest.GetProperty("results")[0].GetProperty("from_state").GetString());
        Assert.AreEqual(1, (await GetAsync(alice, $"/events/?{j}&limit=1&offset={count - 1}")).GetProperty("results").GetArrayLength());

        var failed = await GetAsync(alice, $"/events/?{j}&to_state=FAILED");
        Assert.AreEqual(1, failed.GetProperty("count").GetInt64());
        var e = failed.GetProperty("results")[0];
        Assert.AreEqual("PREPROCESSED", e.GetProperty("from_state").GetString());
        var eventId = e.GetProperty("id").GetInt64();
        Assert.AreEqual(eventId, RestFixture.ResultIds(await GetAsync(alice, $"/events/?id={eventId}")).Single());
        Assert.AreEqual(1, (await GetAsync(alice, $"/events/?{j}&data=reason:test")).GetProperty("count").GetInt64());
        Assert.AreEqual(1, (await GetAsync(alice, $"/events/?{j}&from_state=PREPROCESSED&to_state=FAILED")).GetProperty("count").GetInt64());
        Assert.IsTrue((await GetAsync(alice, $"/events/?tags=t:1")).GetProperty("results").EnumerateArray().All(x => x.GetProperty("job_id").GetInt64() == ids[0]));
        var at = e.GetProperty("timestamp").GetString();
        Assert.AreEqual(0, (await GetAsync(alice, $"/events/?{j}&timestamp_after=2100-01-01T00:00:00")).GetProperty("count").GetInt64());
        Assert.AreEqual(count, (await GetAsync(alice, $"/events/?{j}&timestamp_before=2100-01-01T00:00:00")).GetProperty("count").GetInt64());
        Assert.IsTrue(at!.Length > 0);
        Assert.AreEqual(0, (await GetAsync(alice, $"/events/?{j}&batch_job_id=999999")).GetProperty("count").GetInt64());
        Assert.AreEqual(0, (await GetAsync(alice, $"/events/?{j}&scheduler_id=999999")).GetProperty("count").GetInt64());

        Assert.AreEqual(0, (await GetAsync(_rest.For("bob"), $"/events/?{j}")).GetProperty("count").GetInt64(), "another user's events are absent");
        await GetAsync(alice, "/events/?ordering=state&to_state=DONE", HttpStatusCode.UnprocessableEntity);
    }
}
