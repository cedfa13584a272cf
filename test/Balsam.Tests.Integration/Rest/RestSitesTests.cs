using System.Net;
using System.Text.Json;
using Balsam.Sites;
using static Balsam.Tests.Integration.Rest.RestFixture;

namespace Balsam.Tests.Integration.Rest;

/// <summary>Balsam's <c>/sites/</c> routes on the silo: every route, filter, page and refusal, and other users' sites unseen.</summary>
[TestClass]
public sealed class RestSitesTests
{
    private static RestFixture _rest = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _rest = await RestFixture.StartAsync("rest_sites");

    [ClassCleanup]
    public static async Task StopAsync() => await _rest.DisposeAsync();

    /// <summary>Each test acts as its own user, so lists hold only its own sites.</summary>
    private HttpClient Me => _rest.For(TestContext.TestName!.ToLowerInvariant()[..Math.Min(40, TestContext.TestName!.Length)]);

    private static object FullSite(string name) => new
    {
        name,
        path = $"/lus/{name}",
        globus_endpoint_id = "ddb59aef-6d04-11e5-ba46-22000b92c6ec",
        optional_batch_job_params = new Dictionary<string, string> { ["enable_ssh"] = "1" },
        allowed_projects = new[] { "datascience", "materials" },
        allowed_queues = new Dictionary<string, object> { ["debug"] = new { max_nodes = 8, max_walltime = 60, max_queued_jobs = 1 } },
        transfer_locations = new Dictionary<string, string> { ["APS-DTN"] = "globus://ddb59aef-6d04-11e5-ba46-22000b92c6ec", ["laptop"] = "rsync://me@laptop" },
    };

    [TestMethod]
    public async Task ASiteIsCreatedReadUpdatedAndDeletedWithBalsamsFields()
    {
        var created = await PostAsync(Me, "/sites/", FullSite("theta"));
        var id = created.GetProperty("id").GetInt64();
        Assert.AreEqual("theta", created.GetProperty("name").GetString());
        Assert.AreEqual("/lus/theta", created.GetProperty("path").GetString());
        Assert.AreEqual("ddb59aef-6d04-11e5-ba46-22000b92c6ec", created.GetProperty("globus_endpoint_id").GetString());
        Assert.AreEqual("1", created.GetProperty("optional_batch_job_params").GetProperty("enable_ssh").GetString());
        Assert.AreEqual("materials", created.GetProperty("allowed_projects")[1].GetString());
        Assert.AreEqual(60, created.GetProperty("allowed_queues").GetProperty("debug").GetProperty("max_walltime").GetInt32());
        Assert.AreEqual("rsync://me@laptop", created.GetProperty("transfer_locations").GetProperty("laptop").GetString());
        Assert.AreEqual(0, created.GetProperty("backfill_windows").EnumerateObject().Count());
        Assert.AreEqual(0, created.GetProperty("queued_jobs").EnumerateObject().Count());
        var creation = Time(created, "creation_date");
        Assert.IsLessThan(TimeSpan.FromMinutes(1), (DateTime.UtcNow - creation).Duration(), "creation_date is naive UTC");

        var read = await GetAsync(Me, $"/sites/{id}");
        Assert.AreEqual(created.GetRawText(), read.GetRawText());

        var before = Time(read, "last_refresh");
        var updated = await PutAsync(Me, $"/sites/{id}", new { allowed_projects = new[] { "newproject" } });
        CollectionAssert.AreEqual(new[] { "newproject" }, updated.GetProperty("allowed_projects").EnumerateArray().Select(p => p.GetString()).ToArray());
        Assert.AreEqual("theta", updated.GetProperty("name").GetString(), "fields not sent stay");
        Assert.AreEqual(8, updated.GetProperty("allowed_queues").GetProperty("debug").GetProperty("max_nodes").GetInt32(), "fields not sent stay");
        Assert.IsGreaterThan(before, Time(updated, "last_refresh"), "a PUT marks the site refreshed, as Balsam's scheduler service relies on");

        var renamed = await PutAsync(Me, $"/sites/{id}", new { name = "theta-knl", path = "/lus/moved" });
        Assert.AreEqual("theta-knl", renamed.GetProperty("name").GetString());
        Assert.AreEqual("/lus/moved", renamed.GetProperty("path").GetString());

        await DeleteAsync(Me, $"/sites/{id}");
        Assert.AreEqual("Not found", (await GetAsync(Me, $"/sites/{id}", HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        await DeleteAsync(Me, $"/sites/{id}", HttpStatusCode.NotFound);
        await PutAsync(Me, $"/sites/{id}", new { name = "gone" }, HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task TheSchedulerServicesPutOfBackfillAndQueuedJobsComesBack()
    {
        var id = (await PostAsync(Me, "/sites/", new { name = "sched", path = "/lus/sched" })).GetProperty("id").GetInt64();
        var updated = await PutAsync(Me, $"/sites/{id}", """
            {"backfill_windows": {"debug": [{"num_nodes": 130, "wall_time_min": 40}]},
             "queued_jobs": {"4242": {"scheduler_id": 4242, "state": "queued", "queue": "debug", "num_nodes": 2, "wall_time_min": 30,
                                      "project": "datascience", "time_remaining_min": 30, "queued_time_min": 5}}}
            """);
        var window = updated.GetProperty("backfill_windows").GetProperty("debug")[0];
        Assert.AreEqual(130, window.GetProperty("num_nodes").GetInt32());
        Assert.AreEqual(40, window.GetProperty("wall_time_min").GetInt32());
        var job = updated.GetProperty("queued_jobs").GetProperty("4242");
        Assert.AreEqual("queued", job.GetProperty("state").GetString());
        Assert.AreEqual("datascience", job.GetProperty("project").GetString());
        Assert.AreEqual(5, job.GetProperty("queued_time_min").GetInt32());
    }

    [TestMethod]
    public async Task ListsFilterByNamePathIdAndRefreshAndPageInIdOrder()
    {
        var ids = new List<long>();
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta", "epsilon" })
        {
            ids.Add((await PostAsync(Me, "/sites/", new { name, path = $"/projects/{name}/site" })).GetProperty("id").GetInt64());
        }

        var all = await GetAsync(Me, "/sites/");
        Assert.AreEqual(5, all.GetProperty("count").GetInt32());
        CollectionAssert.AreEqual(ids, ResultIds(all), "ordered by id");

        var page = await GetAsync(Me, "/sites/?limit=2&offset=1");
        Assert.AreEqual(5, page.GetProperty("count").GetInt32(), "count is the total matching, not the page");
        CollectionAssert.AreEqual(ids[1..3], ResultIds(page));
        Assert.AreEqual(0, ResultIds(await GetAsync(Me, "/sites/?offset=10")).Count);
        Assert.AreEqual(0, ResultIds(await GetAsync(Me, "/sites/?limit=0")).Count);

        CollectionAssert.AreEqual(new[] { ids[2] }, ResultIds(await GetAsync(Me, "/sites/?name=gamma")));
        CollectionAssert.AreEqual(new[] { ids[3] }, ResultIds(await GetAsync(Me, "/sites/?path=delta/si")));
        CollectionAssert.AreEqual(new[] { ids[0], ids[4] }, ResultIds(await GetAsync(Me, $"/sites/?id={ids[4]}&id={ids[0]}")));
        Assert.AreEqual(0, ResultIds(await GetAsync(Me, "/sites/?path=%25")).Count, "'%' is a character, not a wildcard");

        var future = Uri.EscapeDataString(DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ss"));
        Assert.AreEqual(0, ResultIds(await GetAsync(Me, $"/sites/?last_refresh_after={future}")).Count);
        await PutAsync(Me, $"/sites/{ids[1]}", new { });
        var recent = Uri.EscapeDataString(DateTime.UtcNow.AddSeconds(-5).ToString("yyyy-MM-ddTHH:mm:ss.ffffff"));
        CollectionAssert.Contains(ResultIds(await GetAsync(Me, $"/sites/?last_refresh_after={recent}")), ids[1]);
    }

    [TestMethod]
    public async Task BadPagingAndQueryValuesAre422NamingTheParameter()
    {
        foreach (var (query, field) in new[]
        {
            ("limit=100001", "query.limit"), ("limit=-1", "query.limit"), ("limit=ten", "query.limit"),
            ("offset=-1", "query.offset"), ("id=abc", "query.id"), ("last_refresh_after=yesterday", "query.last_refresh_after"),
        })
        {
            var error = await GetAsync(Me, $"/sites/?{query}", HttpStatusCode.UnprocessableEntity);
            CollectionAssert.AreEqual(new[] { field }, SchemaErrorFields(error), query);
        }

        Assert.AreEqual(0, (await GetAsync(Me, "/sites/?limit=100000")).GetProperty("count").GetInt32());
    }

    [TestMethod]
    public async Task ABadBodyIsRefusedNamingTheField()
    {
        var missing = await PostAsync(Me, "/sites/", new { name = "nopath" }, HttpStatusCode.UnprocessableEntity);
        CollectionAssert.AreEqual(new[] { "body.path" }, SchemaErrorFields(missing));
        var wrongType = await PostAsync(Me, "/sites/", """{"name": "x", "path": "/x", "allowed_projects": 5}""", HttpStatusCode.UnprocessableEntity);
        CollectionAssert.AreEqual(new[] { "body.allowed_projects" }, SchemaErrorFields(wrongType));
        var notJson = await PostAsync(Me, "/sites/", "{name: ", HttpStatusCode.UnprocessableEntity);
        Assert.AreEqual("body", SchemaErrorFields(notJson)[0]);

        var relative = await PostAsync(Me, "/sites/", new { name = "rel", path = "relative/path" }, HttpStatusCode.BadRequest);
        StringAssert.Contains(relative.GetProperty("detail").GetString(), "path: must be an absolute path");
        var queue = await PostAsync(Me, "/sites/", new
        {
            name = "q", path = "/q",
            allowed_queues = new Dictionary<string, object> { ["debug"] = new { max_nodes = 0, max_walltime = 60, max_queued_jobs = 1 } },
        }, HttpStatusCode.BadRequest);
        StringAssert.Contains(queue.GetProperty("detail").GetString(), "allowed_queues.debug.max_nodes");
        var url = await PostAsync(Me, "/sites/", new { name = "u", path = "/u", transfer_locations = new Dictionary<string, string> { ["x"] = "nourl" } }, HttpStatusCode.BadRequest);
        StringAssert.Contains(url.GetProperty("detail").GetString(), "transfer_locations.x");

        await PostAsync(Me, "/sites/", new { name = "taken", path = "/taken" });
        var taken = await PostAsync(Me, "/sites/", new { name = "taken", path = "/taken2" }, HttpStatusCode.BadRequest);
        StringAssert.Contains(taken.GetProperty("detail").GetString(), "already exists");
        Assert.AreEqual(1, (await GetAsync(Me, "/sites/")).GetProperty("count").GetInt32(), "nothing refused was stored");
    }

    [TestMethod]
    public async Task AnotherUsersSiteIsNotFoundAndAbsentFromLists()
    {
        var owner = _rest.For("site-owner");
        var stranger = _rest.For("site-stranger");
        var id = (await PostAsync(owner, "/sites/", new { name = "private", path = "/lus/private" })).GetProperty("id").GetInt64();

        Assert.AreEqual(0, (await GetAsync(stranger, "/sites/")).GetProperty("count").GetInt32());
        Assert.AreEqual(0, (await GetAsync(stranger, $"/sites/?id={id}")).GetProperty("count").GetInt32());
        await GetAsync(stranger, $"/sites/{id}", HttpStatusCode.NotFound);
        await PutAsync(stranger, $"/sites/{id}", new { name = "stolen" }, HttpStatusCode.NotFound);
        await DeleteAsync(stranger, $"/sites/{id}", HttpStatusCode.NotFound);
        Assert.AreEqual("private", (await GetAsync(owner, $"/sites/{id}")).GetProperty("name").GetString());

        // the same name is free for another user
        await PostAsync(stranger, "/sites/", new { name = "private", path = "/lus/mine" });
    }

    [TestMethod]
    public async Task ASiteOfTheSdkIsTheSameSiteOverRest()
    {
        await using var sdk = await _rest.SdkAsync("sdk-and-rest");
        var site = await sdk.Sites.CreateAsync(new SiteSpec { Name = "both", Path = "/lus/both" });
        var listed = await GetAsync(_rest.For("sdk-and-rest"), "/sites/?name=both");
        CollectionAssert.AreEqual(new[] { site.Id }, ResultIds(listed));
        await PutAsync(_rest.For("sdk-and-rest"), $"/sites/{site.Id}", new { allowed_projects = new[] { "shared" } });
        CollectionAssert.AreEqual(new[] { "shared" }, (await sdk.Sites.GetAsync(site.Id)).Settings.AllowedProjects);
    }

    private static DateTime Time(JsonElement site, string field)
    {
        var text = site.GetProperty(field).GetString()!;
        Assert.IsFalse(text.EndsWith('Z') || text.Contains('+'), $"{field} is naive UTC: {text}");
        return DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
