using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Errors;
using Balsam.Jobs;
using static Balsam.Tests.Integration.Rest.RestFixture;

namespace Balsam.Tests.Integration.Rest;

/// <summary>Balsam's <c>/apps/</c> routes on the silo: Python apps kept as sent, C# apps listed beside them.</summary>
[TestClass]
public sealed class RestAppsTests
{
    private static RestFixture _rest = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _rest = await RestFixture.StartAsync("rest_apps");

    [ClassCleanup]
    public static async Task StopAsync() => await _rest.DisposeAsync();

    private string MyName => TestContext.TestName!.ToLowerInvariant()[..Math.Min(40, TestContext.TestName!.Length)];

    private HttpClient Me => _rest.For(MyName);

    /// <summary>An app as Balsam's Python client sends it from <c>ApplicationDefinition.sync()</c>.</summary>
    private static JsonObject PythonApp(long siteId, string name = "NWChemGeomOpt") => new()
    {
        ["site_id"] = siteId,
        ["name"] = name,
        ["serialized_class"] = "gAWVJwAAAAAAAACMCGRpbGwuX2RpbGyUjApfY3JlYXRlX3R5cGWUk5Q=",
        ["source_code"] = "class NWChemGeomOpt(ApplicationDefinition):\n    command_template = 'nwchem {{ input_file }}'\n",
        ["description"] = "NWChem7 geometry optimizer",
        ["python_exe"] = "/usr/bin/python3",
        ["class_path"] = "apps.NWChemGeomOpt",
        ["parameters"] = new JsonObject
        {
            ["input_file"] = new JsonObject { ["required"] = false, ["default"] = "input.nw", ["help"] = "Path to input deck" },
            ["geometry"] = new JsonObject { ["required"] = true, ["default"] = null, ["help"] = "" },
        },
        ["transfers"] = new JsonObject
        {
            ["input_deck"] = new JsonObject
            {
                ["required"] = true, ["direction"] = "in", ["local_path"] = "input.nw", ["description"] = "Input Deck", ["recursive"] = false,
            },
        },
    };

    private async Task<long> SiteAsync(string name, HttpClient? client = null) =>
        (await PostAsync(client ?? Me, "/sites/", new { name, path = $"/lus/{name}" })).GetProperty("id").GetInt64();

    [TestMethod]
    public async Task APythonAppRoundTripsUnchangedAndItsUpdateKeepsWhatWasNotSent()
    {
        var siteId = await SiteAsync("py");
        var sent = PythonApp(siteId);
        var created = await PostAsync(Me, "/apps/", sent.ToJsonString());
        var id = created.GetProperty("id").GetInt64();
        AssertHas(sent, created);
        AssertHas(sent, await GetAsync(Me, $"/apps/{id}"));
        Assert.IsTrue(created.TryGetProperty("last_modified", out _));

        var updated = await PutAsync(Me, $"/apps/{id}", new { description = "Now faster", serialized_class = "bmV3IGNsYXNz" });
        sent["description"] = "Now faster";
        sent["serialized_class"] = "bmV3IGNsYXNz";
        AssertHas(sent, updated);
        Assert.AreEqual(id, updated.GetProperty("id").GetInt64(), "an update keeps the id");
        AssertHas(sent, await GetAsync(Me, $"/apps/{id}"));

        var duplicate = await PostAsync(Me, "/apps/", PythonApp(siteId).ToJsonString(), HttpStatusCode.BadRequest);
        Assert.AreEqual("An app with this site_id and name already exists", duplicate.GetProperty("detail").GetString());
    }

    [TestMethod]
    public async Task ACSharpAppRegisteredThroughTheSdkIsListedInBalsamsShape()
    {
        await using var sdk = await _rest.SdkAsync(MyName);
        var siteId = await SiteAsync("csharp");
        var app = await sdk.Apps.RegisterAsync(siteId, new AppDefinition
        {
            Name = "Hello",
            Description = "Says hello",
            CommandTemplate = "echo Hello, {{ name }} x{{ times }}",
            Parameters = { ["times"] = AppParameter.Optional("3", "how often") },
            Transfers = { ["result"] = new TransferSlot { Direction = TransferDirection.Out, LocalPath = "hello.txt", Required = false } },
        });
        var listed = await GetAsync(Me, $"/apps/?site_id={siteId}");
        Assert.AreEqual(1, listed.GetProperty("count").GetInt32());
        var shown = listed.GetProperty("results")[0];
        Assert.AreEqual(app.Id, shown.GetProperty("id").GetInt64());
        Assert.AreEqual("Hello", shown.GetProperty("name").GetString());
        Assert.AreEqual(siteId, shown.GetProperty("site_id").GetInt64());
        Assert.AreEqual("echo Hello, {{ name }} x{{ times }}", shown.GetProperty("command_template").GetString());
        Assert.AreEqual("echo Hello, {{ name }} x{{ times }}", shown.GetProperty("source_code").GetString());
        Assert.AreEqual("", shown.GetProperty("serialized_class").GetString());
        Assert.AreEqual("Says hello", shown.GetProperty("description").GetString());
        var parameters = shown.GetProperty("parameters");
        Assert.IsTrue(parameters.GetProperty("name").GetProperty("required").GetBoolean());
        Assert.AreEqual(JsonValueKind.Null, parameters.GetProperty("name").GetProperty("default").ValueKind);
        Assert.AreEqual("3", parameters.GetProperty("times").GetProperty("default").GetString());
        Assert.AreEqual("how often", parameters.GetProperty("times").GetProperty("help").GetString());
        Assert.AreEqual("out", shown.GetProperty("transfers").GetProperty("result").GetProperty("direction").GetString());
        Assert.AreEqual("hello.txt", shown.GetProperty("transfers").GetProperty("result").GetProperty("local_path").GetString());

        var put = await PutAsync(Me, $"/apps/{app.Id}", new { description = "changed" }, HttpStatusCode.BadRequest);
        StringAssert.Contains(put.GetProperty("detail").GetString(), "C# SDK");

        var python = (await PostAsync(Me, "/apps/", PythonApp(siteId).ToJsonString())).GetProperty("id").GetInt64();
        var fromSdk = await sdk.Apps.GetAsync(siteId, "NWChemGeomOpt");
        Assert.AreEqual(python, fromSdk.Id, "a Python app registered over REST is an app of the site for the SDK too");
        Assert.AreEqual("input.nw", fromSdk.Definition.Parameters["input_file"].Default);
    }

    [TestMethod]
    public async Task ListsFilterBySiteIdNamePathAndSiteNameAndPageInIdOrder()
    {
        var a = await SiteAsync("filter-a");
        var b = await SiteAsync("filter-b");
        var ids = new List<long>();
        foreach (var (site, name) in new[] { (a, "One"), (b, "One"), (a, "Two"), (b, "Three") })
        {
            ids.Add((await PostAsync(Me, "/apps/", PythonApp(site, name).ToJsonString())).GetProperty("id").GetInt64());
        }

        var all = await GetAsync(Me, "/apps/");
        Assert.AreEqual(4, all.GetProperty("count").GetInt32());
        CollectionAssert.AreEqual(ids, ResultIds(all));
        var page = await GetAsync(Me, "/apps/?limit=2&offset=2");
        Assert.AreEqual(4, page.GetProperty("count").GetInt32());
        CollectionAssert.AreEqual(ids[2..], ResultIds(page));

        CollectionAssert.AreEqual(new[] { ids[0], ids[2] }, ResultIds(await GetAsync(Me, $"/apps/?site_id={a}")));
        CollectionAssert.AreEqual(ids, ResultIds(await GetAsync(Me, $"/apps/?site_id={a}&site_id={b}")));
        CollectionAssert.AreEqual(new[] { ids[0], ids[1] }, ResultIds(await GetAsync(Me, "/apps/?name=One")));
        CollectionAssert.AreEqual(new[] { ids[1], ids[3] }, ResultIds(await GetAsync(Me, "/apps/?site_name=filter-b")));
        CollectionAssert.AreEqual(new[] { ids[1], ids[3] }, ResultIds(await GetAsync(Me, "/apps/?site_path=ter-b")));
        CollectionAssert.AreEqual(new[] { ids[3], ids[0] }.Order().ToArray(), ResultIds(await GetAsync(Me, $"/apps/?id={ids[3]}&id={ids[0]}")));
        CollectionAssert.AreEqual(new[] { ids[0] }, ResultIds(await GetAsync(Me, $"/apps/?id={ids[0]}&site_id={a}&name=One")));

        CollectionAssert.AreEqual(new[] { "query.site_id" }, SchemaErrorFields(await GetAsync(Me, "/apps/?site_id=x", HttpStatusCode.UnprocessableEntity)));
        CollectionAssert.AreEqual(new[] { "query.limit" }, SchemaErrorFields(await GetAsync(Me, "/apps/?limit=100001", HttpStatusCode.UnprocessableEntity)));
    }

    [TestMethod]
    public async Task ABadAppIsRefusedNamingTheField()
    {
        var siteId = await SiteAsync("bad");
        var noClass = PythonApp(siteId);
        noClass.Remove("serialized_class");
        CollectionAssert.AreEqual(new[] { "body.serialized_class" }, SchemaErrorFields(await PostAsync(Me, "/apps/", noClass.ToJsonString(), HttpStatusCode.UnprocessableEntity)));

        var wrongType = PythonApp(siteId);
        wrongType["parameters"] = new JsonObject { ["x"] = new JsonObject { ["required"] = "maybe" } };
        var typeError = await PostAsync(Me, "/apps/", wrongType.ToJsonString(), HttpStatusCode.UnprocessableEntity);
        StringAssert.StartsWith(SchemaErrorFields(typeError)[0], "body.parameters");

        var huge = PythonApp(siteId);
        huge["serialized_class"] = new string('A', 262_145);
        CollectionAssert.AreEqual(new[] { "body.serialized_class" }, SchemaErrorFields(await PostAsync(Me, "/apps/", huge.ToJsonString(), HttpStatusCode.UnprocessableEntity)));

        var badName = PythonApp(siteId, "not a class");
        StringAssert.Contains((await PostAsync(Me, "/apps/", badName.ToJsonString(), HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), "name");

        var noDefault = PythonApp(siteId);
        noDefault["parameters"] = new JsonObject { ["x"] = new JsonObject { ["required"] = false, ["default"] = null } };
        StringAssert.Contains((await PostAsync(Me, "/apps/", noDefault.ToJsonString(), HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), "parameters.x.default");

        var absolute = PythonApp(siteId);
        absolute["transfers"]!["input_deck"]!["local_path"] = "/etc/passwd";
        StringAssert.Contains((await PostAsync(Me, "/apps/", absolute.ToJsonString(), HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), "transfers.input_deck.local_path");

        await PostAsync(Me, "/apps/", "[1, 2]", HttpStatusCode.UnprocessableEntity);
        await PostAsync(Me, "/apps/", PythonApp(987_654_321).ToJsonString(), HttpStatusCode.NotFound);
        Assert.AreEqual(0, (await GetAsync(Me, "/apps/")).GetProperty("count").GetInt32(), "nothing refused was stored");

        var id = (await PostAsync(Me, "/apps/", PythonApp(siteId).ToJsonString())).GetProperty("id").GetInt64();
        StringAssert.Contains((await PutAsync(Me, $"/apps/{id}", new { name = "Renamed" }, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), "name");
    }

    [TestMethod]
    public async Task AnotherUsersAppIsNotFoundAndAbsentFromLists()
    {
        var owner = _rest.For("app-owner");
        var stranger = _rest.For("app-stranger");
        var siteId = await SiteAsync("owned", owner);
        var id = (await PostAsync(owner, "/apps/", PythonApp(siteId).ToJsonString())).GetProperty("id").GetInt64();

        Assert.AreEqual(0, (await GetAsync(stranger, "/apps/")).GetProperty("count").GetInt32());
        Assert.AreEqual(0, (await GetAsync(stranger, $"/apps/?site_id={siteId}")).GetProperty("count").GetInt32());
        Assert.AreEqual("Not found", (await GetAsync(stranger, $"/apps/{id}", HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        await PutAsync(stranger, $"/apps/{id}", new { description = "mine now" }, HttpStatusCode.NotFound);
        await DeleteAsync(stranger, $"/apps/{id}", HttpStatusCode.NotFound);
        await PostAsync(stranger, "/apps/", PythonApp(siteId, "Intruder").ToJsonString(), HttpStatusCode.NotFound);
        Assert.AreEqual("NWChemGeomOpt", (await GetAsync(owner, $"/apps/{id}")).GetProperty("name").GetString());
    }

    [TestMethod]
    public async Task DeletingAnAppDeletesItsJobs()
    {
        var siteId = await SiteAsync("del");
        var app = PythonApp(siteId);
        app["transfers"] = new JsonObject();
        var id = (await PostAsync(Me, "/apps/", app.ToJsonString())).GetProperty("id").GetInt64();
        await using var sdk = await _rest.SdkAsync(MyName);
        var jobs = await sdk.Cluster.GetGrain<IJobServiceGrain>(0).CreateAsync(
        [
            new JobSpec { SiteId = siteId, AppName = "NWChemGeomOpt", Workdir = "del/1", Parameters = new() { ["geometry"] = "\"h2o\"" } },
        ]);

        await DeleteAsync(Me, $"/apps/{id}");
        await GetAsync(Me, $"/apps/{id}", HttpStatusCode.NotFound);
        await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => sdk.Cluster.GetGrain<IJobGrain>(jobs[0].Id).GetAsync());
        await DeleteAsync(Me, $"/apps/{id}", HttpStatusCode.NotFound);
    }

    /// <summary>Every field that was sent comes back with the same JSON value.</summary>
    private static void AssertHas(JsonObject sent, JsonElement returned)
    {
        var back = JsonNode.Parse(returned.GetRawText())!.AsObject();
        foreach (var (key, value) in sent)
        {
            Assert.IsTrue(JsonNode.DeepEquals(value, back[key]), $"{key}: sent {value?.ToJsonString()}, got {back[key]?.ToJsonString()}");
        }
    }
}
