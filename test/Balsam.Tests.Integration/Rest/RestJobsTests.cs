using System.Net;
using System.Text.Json;
using static Balsam.Tests.Integration.Rest.RestFixture;
using static Balsam.Tests.Integration.Rest.RestJobsWorld;

namespace Balsam.Tests.Integration.Rest;

[TestClass]
[DoNotParallelize]
public sealed class RestJobsTests
{
    private static RestFixture _rest = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _rest = await RestFixture.StartAsync("restjobs");

    [ClassCleanup]
    public static async Task StopAsync() => await _rest.DisposeAsync();

    [TestMethod]
    public async Task BulkCreateAnswers201WithIdsAndInitialStatesAndNamesMissingAppsAndParents()
    {
        var alice = _rest.For("alice");
        var (siteId, appId) = await SiteWithAppAsync(_rest, "alice");

        var created = await CreateAsync(alice, Job(appId, "plain"),
            Job(appId, "staged", transfers: new { input = new { location_alias = "laptop", path = "/data/in.dat" } }));
        Assert.HasCount(2, created);
        Assert.AreEqual("PREPROCESSED", created[0].GetProperty("state").GetString());
        Assert.AreEqual("READY", created[1].GetProperty("state").GetString());
        Assert.AreEqual(appId, created[0].GetProperty("app_id").GetInt64());
        Assert.AreEqual("gAR9lC4=", created[0].GetProperty("serialized_parameters").GetString());
        Assert.IsTrue(created[0].GetProperty("pending_file_cleanup").GetBoolean());
        var parentId = created[1].GetProperty("id").GetInt64();

        var child = await CreateAsync(alice, Job(appId, "child", parents: new[] { parentId }));
        Assert.AreEqual("AWAITING_PARENTS", child[0].GetProperty("state").GetString());
        Assert.AreEqual($"[{parentId}]", child[0].GetProperty("parent_ids").GetRawText());

        var noApp = await PostAsync(alice, "/jobs/", new[] { Job(appId + 1000, "x") }, HttpStatusCode.NotFound);
        StringAssert.Contains(noApp.GetProperty("detail").GetString(), $"{appId + 1000}");
        var noParent = await PostAsync(alice, "/jobs/", new[] { Job(appId, "y", parents: new[] { 999_999L }) }, HttpStatusCode.NotFound);
        StringAssert.Contains(noParent.GetProperty("detail").GetString(), "999999");
        var twice = await PostAsync(alice, "/jobs/", new[] { Job(appId, "same"), Job(appId, "same") }, HttpStatusCode.BadRequest);
        StringAssert.Contains(twice.GetProperty("detail").GetString(), "workdir");
        var noSlot = await PostAsync(alice, "/jobs/", new[] { Job(appId, "z", transfers: new { nothere = new { location_alias = "laptop", path = "/a" } }) },
            HttpStatusCode.BadRequest);
        StringAssert.Contains(noSlot.GetProperty("detail").GetString(), "nothere");
        var schema = await PostAsync(alice, "/jobs/", new[] { new { workdir = "no-app" } }, HttpStatusCode.UnprocessableEntity);
        Assert.IsNotEmpty(SchemaErrorFields(schema));
        var tooMany = await PostAsync(alice, "/jobs/", Enumerable.Range(0, 5001).Select(i => Job(appId, $"many/{i}")).ToArray(), HttpStatusCode.BadRequest);
        StringAssert.Contains(tooMany.GetProperty("detail").GetString(), "5000");
        Assert.AreEqual(3, (await GetAsync(alice, $"/jobs/?site_id={siteId}")).GetProperty("count").GetInt64(), "refused calls created nothing");
    }

    [TestMethod]
    public async Task ListFiltersOrdersAndPagesByEveryBalsamParameter()
    {
        var alice = _rest.For("alice");
        var (siteId, appId) = await SiteWithAppAsync(_rest, "alice");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff");
        var rows = await CreateAsync(alice,
            Job(appId, "runs/a_1", tags: new { system = "H2O", size = "big" }),
            Job(appId, "runs/ab1", tags: new { system = "H2O" }),
            Job(appId, "other/c", tags: new { system = "CO2" }));
        var ids = rows.Select(r => r.GetProperty("id").GetInt64()).ToList();
        var child = (await CreateAsync(alice, Job(appId, "runs/child", parents: new[] { ids[0] })))[0].GetProperty("id").GetInt64();
        await PutAsync(alice, $"/jobs/{ids[2]}", new { state = "FAILED" });
        var s = $"site_id={siteId}";

        Assert.AreEqual(4, (await GetAsync(alice, $"/jobs/?{s}")).GetProperty("count").GetInt64());
        CollectionAssert.AreEqual(new[] { ids[0], ids[1], ids[2], child }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}")), "by id by default");
        CollectionAssert.AreEqual(new[] { child, ids[2], ids[1], ids[0] }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&ordering=-id")));
        CollectionAssert.AreEqual(new[] { ids[2], ids[0], ids[1], child }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&ordering=workdir")));
        Assert.AreEqual(ids[2], RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&ordering=-last_update"))[0]);
        var page = await GetAsync(alice, $"/jobs/?{s}&limit=2&offset=1");
        Assert.AreEqual(4, page.GetProperty("count").GetInt64(), "count is of every match, not of the page");
        CollectionAssert.AreEqual(new[] { ids[1], ids[2] }, RestFixture.ResultIds(page));
        Assert.AreEqual(0, (await GetAsync(alice, $"/jobs/?{s}&limit=0")).GetProperty("results").GetArrayLength());

        CollectionAssert.AreEqual(new[] { ids[0], ids[2] }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&id={ids[0]}&id={ids[2]}")));
        CollectionAssert.AreEqual(new[] { child }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?parent_id={ids[0]}")));
        var secondChild = (await CreateAsync(alice, Job(appId, "runs/child2", parents: new[] { ids[1] })))[0].GetProperty("id").GetInt64();
        var ofTwo = await GetAsync(alice, $"/jobs/?parent_id={ids[0]}&parent_id={ids[1]}");
        Assert.AreEqual(2, ofTwo.GetProperty("count").GetInt64(), "children of either parent");
        CollectionAssert.AreEqual(new[] { child, secondChild }, RestFixture.ResultIds(ofTwo));
        await DeleteAsync(alice, $"/jobs/{secondChild}");
        Assert.AreEqual(4, (await GetAsync(alice, $"/jobs/?app_id={appId}")).GetProperty("count").GetInt64());
        CollectionAssert.AreEqual(new[] { ids[0] }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&workdir__contains=a_")), "a literal substring");
        Assert.AreEqual(0, (await GetAsync(alice, $"/jobs/?{s}&workdir__contains=%25")).GetProperty("count").GetInt64(), "% is no wildcard");
        CollectionAssert.AreEqual(new[] { ids[2] }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&state=FAILED")));
        CollectionAssert.AreEqual(new[] { ids[2], child }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&state=FAILED&state=AWAITING_PARENTS")));
        CollectionAssert.AreEqual(new[] { ids[0], ids[1], child }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&state__ne=FAILED")));
        CollectionAssert.AreEqual(new[] { ids[0], ids[1] }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&tags=system:H2O")));
        CollectionAssert.AreEqual(new[] { ids[0] }, RestFixture.ResultIds(await GetAsync(alice, $"/jobs/?{s}&tags=system:H2O&tags=size:big")));
        Assert.AreEqual(4, (await GetAsync(alice, $"/jobs/?{s}&pending_file_cleanup=true")).GetProperty("count").GetInt64());
        Assert.AreEqual(4, (await GetAsync(alice, $"/jobs/?{s}&last_update_after={before}")).GetProperty("count").GetInt64());
        Assert.AreEqual(0, (await GetAsync(alice, $"/jobs/?{s}&last_update_before={before}")).GetProperty("count").GetInt64());
        Assert.AreEqual(0, (await GetAsync(alice, $"/jobs/?{s}&batch_job_id=999999")).GetProperty("count").GetInt64());

        var bad = await GetAsync(alice, "/jobs/?id=x&state=DONE&ordering=app_id&limit=100001&last_update_after=later", HttpStatusCode.UnprocessableEntity);
        CollectionAssert.IsSubsetOf(new[] { "query.id", "query.state", "query.ordering", "query.limit", "query.last_update_after" }, SchemaErrorFields(bad));
        await ExpectAsync(await _rest.Anonymous.GetAsync("/jobs/"), HttpStatusCode.Unauthorized);
    }

    [TestMethod]
    public async Task AnotherUsersJobsAre404AndAbsentFromListsAndUntouchedByQueries()
    {
        var (_, appId) = await SiteWithAppAsync(_rest, "carol");
        var carols = (await CreateAsync(_rest.For("carol"), Job(appId, "mine")))[0].GetProperty("id").GetInt64();
        var bob = _rest.For("bob");

        await GetAsync(bob, $"/jobs/{carols}", HttpStatusCode.NotFound);
        await PutAsync(bob, $"/jobs/{carols}", new { state = "FAILED" }, HttpStatusCode.NotFound);
        await DeleteAsync(bob, $"/jobs/{carols}", HttpStatusCode.NotFound);
        await PatchAsync(bob, "/jobs/", new[] { new { id = carols, state = "FAILED" } }, HttpStatusCode.BadRequest);
        Assert.DoesNotContain(carols, RestFixture.ResultIds(await GetAsync(bob, "/jobs/")));
        await PutAsync(bob, "/jobs/", new { tags = new { owner = "bob" } });
        await DeleteAsync(bob, "/jobs/");
        await PostAsync(bob, "/jobs/", new[] { Job(appId, "theirs") }, HttpStatusCode.NotFound);

        var still = await GetAsync(_rest.For("carol"), $"/jobs/{carols}");
        Assert.AreEqual("PREPROCESSED", still.GetProperty("state").GetString());
        Assert.IsFalse(still.GetProperty("tags").TryGetProperty("owner", out _));
    }

    [TestMethod]
    public async Task UpdatesGoThroughTheTransitionTableAndCarryStateDataIntoTheEvent()
    {
        var alice = _rest.For("alice");
        var (_, appId) = await SiteWithAppAsync(_rest, "alice");
        var ids = (await CreateAsync(alice, Job(appId, "u1"), Job(appId, "u2"), Job(appId, "u3"))).Select(r => r.GetProperty("id").GetInt64()).ToList();

        var illegal = await PutAsync(alice, $"/jobs/{ids[0]}", new { state = "JOB_FINISHED" }, HttpStatusCode.BadRequest);
        StringAssert.Contains(illegal.GetProperty("detail").GetString(), "PREPROCESSED");
        StringAssert.Contains(illegal.GetProperty("detail").GetString(), "JOB_FINISHED");
        var unknown = await PutAsync(alice, $"/jobs/{ids[0]}", new { state = "DONE" }, HttpStatusCode.BadRequest);
        StringAssert.Contains(unknown.GetProperty("detail").GetString(), "state");

        Assert.AreEqual(1, (await PutAsync(alice, $"/jobs/{ids[0]}", new
        {
            state = "FAILED", state_timestamp = "2026-01-02T03:04:05", state_data = new { message = "given up" },
            tags = new { k = "v" }, data = new { energy = -1.5 }, num_nodes = 3, return_code = 7,
        })).GetInt32());
        var job = await GetAsync(alice, $"/jobs/{ids[0]}");
        Assert.AreEqual("FAILED", job.GetProperty("state").GetString());
        Assert.AreEqual("v", job.GetProperty("tags").GetProperty("k").GetString());
        Assert.AreEqual(-1.5, job.GetProperty("data").GetProperty("energy").GetDouble());
        Assert.AreEqual(3, job.GetProperty("num_nodes").GetInt32());
        Assert.AreEqual(1, job.GetProperty("wall_time_min").GetInt32() + 1, "resources not sent keep their values");
        Assert.AreEqual(7, job.GetProperty("return_code").GetInt32());
        var events = await GetAsync(alice, $"/events/?job_id={ids[0]}&to_state=FAILED");
        var e = events.GetProperty("results")[0];
        Assert.AreEqual("given up", e.GetProperty("data").GetProperty("message").GetString());
        StringAssert.StartsWith(e.GetProperty("timestamp").GetString(), "2026-01-02T03:04:05");

        Assert.AreEqual(2, (await PatchAsync(alice, "/jobs/", new object[]
        {
            new { id = ids[1], state = "FAILED" }, new { id = ids[2], tags = new { patched = "yes" } },
        })).GetInt32());
        Assert.AreEqual("FAILED", await StateAsync(alice, ids[1]));
        var partly = await PatchAsync(alice, "/jobs/", new object[]
        {
            new { id = ids[1], state = "RESTART_READY" }, new { id = ids[2], state = "RUN_DONE" },
        }, HttpStatusCode.BadRequest);
        StringAssert.Contains(partly.GetProperty("detail").GetString(), "RUN_DONE");
        var duplicated = await PatchAsync(alice, "/jobs/", new object[] { new { id = ids[1] }, new { id = ids[1] } }, HttpStatusCode.BadRequest);
        StringAssert.Contains(duplicated.GetProperty("detail").GetString(), "Duplicate");
        var missing = await PatchAsync(alice, "/jobs/", new object[] { new { id = 987_654L, state = "FAILED" } }, HttpStatusCode.BadRequest);
        StringAssert.Contains(missing.GetProperty("detail").GetString(), "987654");
        await PatchAsync(alice, "/jobs/", Enumerable.Range(1, 5001).Select(i => new { id = (long)i }).ToArray(), HttpStatusCode.BadRequest);
        await PutAsync(alice, $"/jobs/{ids[2]}", new { workdir = "moved" }, HttpStatusCode.BadRequest);
    }

    [TestMethod]
    public async Task ANullClearsANullableFieldAnAbsentFieldStaysAndANullForAFieldThatCannotBeNullIs422()
    {
        var alice = _rest.For("alice");
        var (_, appId) = await SiteWithAppAsync(_rest, "alice");
        var ids = (await CreateAsync(alice, Job(appId, "n1", tags: new { keep = "me" }), Job(appId, "n2")))
            .Select(r => r.GetProperty("id").GetInt64()).ToList();
        await PatchAsync(alice, "/jobs/", ids.Select(id => new { id, return_code = 3, batch_job_id = 42 }).ToArray());

        await PutAsync(alice, $"/jobs/{ids[0]}", new Dictionary<string, object?> { ["return_code"] = null, ["num_nodes"] = 2 });
        var cleared = await GetAsync(alice, $"/jobs/{ids[0]}");
        Assert.AreEqual(JsonValueKind.Null, cleared.GetProperty("return_code").ValueKind, "null clears return_code");
        Assert.AreEqual(42, cleared.GetProperty("batch_job_id").GetInt64(), "an absent field keeps its value");
        Assert.AreEqual("me", cleared.GetProperty("tags").GetProperty("keep").GetString());
        Assert.AreEqual(2, cleared.GetProperty("num_nodes").GetInt32());

        await PatchAsync(alice, "/jobs/", new object[] { new Dictionary<string, object?> { ["id"] = ids[1], ["batch_job_id"] = null, ["state_data"] = null } });
        var patched = await GetAsync(alice, $"/jobs/{ids[1]}");
        Assert.AreEqual(JsonValueKind.Null, patched.GetProperty("batch_job_id").ValueKind, "null clears batch_job_id in a bulk update");
        Assert.AreEqual(3, patched.GetProperty("return_code").GetInt32());

        var refused = await PutAsync(alice, $"/jobs/{ids[0]}", new Dictionary<string, object?> { ["tags"] = null, ["return_code"] = 5 },
            HttpStatusCode.UnprocessableEntity);
        CollectionAssert.AreEqual(new[] { "body.tags" }, SchemaErrorFields(refused));
        StringAssert.Contains(refused.GetProperty("detail")[0].GetProperty("msg").GetString(), "tags cannot be null");
        var refusedInBulk = await PatchAsync(alice, "/jobs/", new object[]
        {
            new { id = ids[0], return_code = 6 }, new Dictionary<string, object?> { ["id"] = ids[1], ["num_nodes"] = null, ["state"] = null },
        }, HttpStatusCode.UnprocessableEntity);
        CollectionAssert.AreEqual(new[] { "body.1.num_nodes", "body.1.state" }, SchemaErrorFields(refusedInBulk));
        var untouched = await GetAsync(alice, $"/jobs/{ids[0]}");
        Assert.AreEqual(JsonValueKind.Null, untouched.GetProperty("return_code").ValueKind, "a refused request changes nothing");
        Assert.AreEqual("me", untouched.GetProperty("tags").GetProperty("keep").GetString());
    }

    [TestMethod]
    public async Task QueryUpdateAndDeleteTouchOnlyMatchesAndRefuseMoreThan5000()
    {
        var alice = _rest.For("alice");
        var (siteId, appId) = await SiteWithAppAsync(_rest, "alice");
        var ids = (await CreateAsync(alice, Job(appId, "q/1", tags: new { g = "x" }), Job(appId, "q/2", tags: new { g = "y" })))
            .Select(r => r.GetProperty("id").GetInt64()).ToList();

        Assert.AreEqual(1, (await PutAsync(alice, $"/jobs/?site_id={siteId}&tags=g:x", new { state = "FAILED", state_data = new { why = "q" } })).GetInt32());
        Assert.AreEqual("FAILED", await StateAsync(alice, ids[0]));
        Assert.AreEqual("PREPROCESSED", await StateAsync(alice, ids[1]));

        await DeleteAsync(alice, $"/jobs/?site_id={siteId}&state=FAILED");
        await GetAsync(alice, $"/jobs/{ids[0]}", HttpStatusCode.NotFound);
        await DeleteAsync(alice, $"/jobs/{ids[1]}");
        Assert.AreEqual(0, (await GetAsync(alice, $"/jobs/?site_id={siteId}")).GetProperty("count").GetInt64());
        await DeleteAsync(alice, $"/jobs/{ids[1]}", HttpStatusCode.NotFound);

        for (var chunk = 0; chunk < 2; chunk++)
        {
            await CreateAsync(alice, [.. Enumerable.Range(0, 2501).Select(i => Job(appId, $"bulk/{chunk}/{i}"))]);
        }

        var tooMany = await PutAsync(alice, $"/jobs/?site_id={siteId}", new { tags = new { all = "1" } }, HttpStatusCode.BadRequest);
        StringAssert.Contains(tooMany.GetProperty("detail").GetString(), "5000");
        Assert.AreEqual(0, (await GetAsync(alice, $"/jobs/?site_id={siteId}&tags=all:1&limit=0")).GetProperty("count").GetInt64());
        Assert.AreEqual(5002, (await GetAsync(alice, $"/jobs/?site_id={siteId}&limit=0")).GetProperty("count").GetInt64());
    }
}
