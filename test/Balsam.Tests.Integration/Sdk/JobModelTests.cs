using System.Text.Json.Nodes;
using Balsam.Client;
using Balsam.Client.Apps;
using Balsam.Client.Jobs;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Sdk.Apps;

namespace Balsam.Tests.Integration.Sdk;

/// <summary>The Job model: create, save only what changed, refresh, delete; parameters, data, resources, app references.</summary>
[TestClass]
public sealed class JobModelTests
{
    private static SdkWorld _world = null!;

    private static BalsamClient Balsam => _world.Client;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _world = await SdkWorld.StartAsync("sdkjobs");
        await Balsam.Apps.SyncAsync<Sleeper>();
        await Balsam.Apps.SyncAsync<Adder>();
        await Balsam.Apps.SyncAsync<Staged>();
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    [TestMethod]
    public async Task ANewJobIsCreatedBySaveWithEveryFieldAndAllResourceFields()
    {
        var job = new Job(Balsam)
        {
            App = "Sleeper",
            Site = SdkWorld.SiteName,
            Workdir = "model/create",
            Parameters = { ["seconds"] = 3 },
            Tags = { ["exp"] = "create" },
            Data = new JsonObject { ["note"] = "hi" },
            NumNodes = 2,
            RanksPerNode = 4,
            ThreadsPerRank = 2,
            ThreadsPerCore = 2,
            GpusPerRank = 0.5,
            NodePackingCount = 2,
            WallTimeMin = 15,
            LaunchParams = { ["cpu-bind"] = "depth" },
        };
        Assert.IsTrue(job.IsNew);
        Assert.AreEqual(0, job.Id);

        await job.SaveAsync();

        Assert.IsFalse(job.IsNew);
        Assert.IsGreaterThan(0L, job.Id);
        Assert.AreEqual(JobState.Preprocessed, job.State, "no parents, no stage-in, no preprocess hook");
        Assert.IsFalse(job.HasChanges);
        Assert.IsNotNull(job.LastUpdate);
        Assert.AreEqual(_world.Site.Id, job.SiteId);
        var stored = await _world.Grain(job.Id).GetAsync();
        Assert.AreEqual("3", stored.Parameters["seconds"]);
        Assert.AreEqual("create", stored.Tags["exp"]);
        Assert.AreEqual(new JobResources
        {
            NumNodes = 2, RanksPerNode = 4, ThreadsPerRank = 2, ThreadsPerCore = 2, GpusPerRank = 0.5, NodePackingCount = 2,
            WallTimeMin = 15, LaunchParams = stored.Resources.LaunchParams,
        }, stored.Resources);
        Assert.AreEqual("depth", stored.Resources.LaunchParams["cpu-bind"]);
        Assert.AreEqual("hi", (string)JsonNode.Parse(stored.Data)!["note"]!);
    }

    [TestMethod]
    public async Task SavingSendsOnlyTheChangedFieldsSoConcurrentChangesToOthersSurvive()
    {
        var mine = await Balsam.Jobs.SubmitAsync<Sleeper>("model/only-changed", new { seconds = 1 }, new() { Tags = { ["v"] = "1" } });
        var theirs = await Balsam.Jobs.GetAsync(mine.Id);

        theirs.Data["theirs"] = 42;          // in place
        await theirs.SaveAsync();
        mine.Tags["v"] = "2";                // in place
        mine.WallTimeMin = 30;
        Assert.IsTrue(mine.HasChanges);
        await mine.SaveAsync();

        var stored = await _world.Grain(mine.Id).GetAsync();
        Assert.AreEqual("2", stored.Tags["v"]);
        Assert.AreEqual(30, stored.Resources.WallTimeMin);
        Assert.AreEqual(42, (int)JsonNode.Parse(stored.Data)!["theirs"]!, "their data change was not overwritten by my save");
        Assert.AreEqual(42, (int)mine.Data["theirs"]!, "saving reads the job back");

        var version = stored.Version;
        await mine.SaveAsync();
        Assert.AreEqual(version, (await _world.Grain(mine.Id).GetAsync()).Version, "nothing changed, nothing was sent");
    }

    [TestMethod]
    public async Task StateChangesGoThroughTheStateMachineWithTheirData()
    {
        var job = await Balsam.Jobs.SubmitAsync<Sleeper>("model/state", new { seconds = 1 });
        job.State = JobState.Failed;
        job.StateData = new JsonObject { ["message"] = "gave up" };
        await job.SaveAsync();
        Assert.AreEqual(JobState.Failed, job.State);
        var last = await job.Events().OrderByDescending().FirstAsync();
        Assert.AreEqual(JobState.Failed, last.To);
        StringAssert.Contains(last.Data, "gave up");

        job.State = JobState.Running;
        var refused = await Assert.ThrowsExactlyAsync<InvalidTransitionException>(() => job.SaveAsync());
        StringAssert.Contains(refused.Message, "FAILED");
        await job.RefreshAsync();
        Assert.AreEqual(JobState.Failed, job.State, "refresh drops the refused change");
    }

    [TestMethod]
    public async Task FieldsFixedAtCreationCannotChangeAfterwards()
    {
        var job = await Balsam.Jobs.SubmitAsync<Adder>("model/fixed", new { x = 1, y = 2 });

        Assert.ThrowsExactly<InvalidOperationException>(() => job.Workdir = "elsewhere");
        Assert.ThrowsExactly<InvalidOperationException>(() => job.App = "Sleeper");
        Assert.ThrowsExactly<InvalidOperationException>(() => job.Parameters["x"] = 5);
        job.ParentIds.Add(1);
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => job.SaveAsync());
        StringAssert.Contains(error.Message, "ParentIds");
    }

    [TestMethod]
    public async Task ParametersAreTypedJsonValues()
    {
        var job = Balsam.Jobs.New<Adder>("model/params", new Dictionary<string, object?> { ["x"] = 5, ["y"] = 7 });
        Assert.AreEqual(5, job.Parameters.Get<int>("x"));
        Assert.AreEqual(7, (int)job.Parameters["y"]!);
        job.Parameters["x"] = 6;
        await Balsam.Jobs.CreateAsync(job);

        var loaded = await Balsam.Jobs.GetAsync(job.Id);
        Assert.AreEqual(6, loaded.Parameters.Get<int>("x"));
        Assert.AreEqual(0, loaded.Parameters.GetValueOrDefault("z", 0));
        Assert.ThrowsExactly<KeyNotFoundException>(() => loaded.Parameters["z"]);

        var p = JobParameters.From(new { vec = new[] { 3.0, 4.0 }, name = "world", flag = true });
        CollectionAssert.AreEqual(new[] { 3.0, 4.0 }, p.Get<double[]>("vec"));
        Assert.AreEqual("world", p.Get<string>("name"));
        Assert.AreEqual("{\"vec\":[3,4],\"name\":\"world\",\"flag\":true}", p.ToString());
    }

    [TestMethod]
    public async Task AJobNamesItsAppByNameIdOrClass()
    {
        var byClass = await Balsam.Jobs.CreateAsync(new Job(Balsam) { App = typeof(Adder), Workdir = "model/app/class", Parameters = { ["x"] = 1, ["y"] = 1 } });
        var byId = await Balsam.Jobs.CreateAsync(new Job(Balsam) { App = byClass.AppId, Workdir = "model/app/id", Parameters = { ["x"] = 1, ["y"] = 1 } });
        var byName = await Balsam.Jobs.SubmitAsync("Adder", "model/app/name", new { x = 1, y = 1 });
        Assert.AreEqual(byClass.AppId, byId.AppId);
        Assert.AreEqual(byClass.AppId, byName.AppId);

        // The same name at two of the user's sites needs the site.
        var second = await Balsam.Sites.CreateAsync(new SiteSpec { Name = "sdk-second", Path = "/lus/second" });
        await Balsam.Apps.RegisterAsync(second.Id, new Balsam.Apps.AppDefinition { Name = "Adder", RunParameters = ["x", "y"] });
        var ambiguous = await Assert.ThrowsExactlyAsync<MultipleObjectsReturnedException>(
            () => Balsam.Jobs.SubmitAsync("Adder", "model/app/ambiguous", new { x = 1, y = 1 }));
        StringAssert.Contains(ambiguous.Message, "sdk-second");
        var there = await Balsam.Jobs.SubmitAsync(AppRef.Named("Adder", "sdk-second"), "model/app/there", new { x = 1, y = 1 });
        Assert.AreEqual(second.Id, there.SiteId);
        await Balsam.Sites.DeleteAsync(second.Id);

        var noApp = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => Balsam.Jobs.CreateAsync(new Job(Balsam) { Workdir = "x" }));
        StringAssert.Contains(noApp.Message, "app");
        var missing = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => Balsam.Jobs.SubmitAsync<Adder>("model/app/missing", new { x = 1 }));
        StringAssert.Contains(missing.Message, "parameters.y");
    }

    [TestMethod]
    public async Task TransfersParentsRefreshDeleteAndHelpers()
    {
        var parent = await Balsam.Jobs.SubmitAsync<Sleeper>("model/parent", new { seconds = 1 });
        var child = await Balsam.Jobs.SubmitAsync<Staged>("model/child", options: new JobOptions
        {
            ParentIds = [parent.Id],
            Transfers = { ["input"] = "laptop:/data/input.txt" },
        });
        Assert.AreEqual(JobState.AwaitingParents, child.State);
        Assert.AreEqual(parent.Id, (await child.ParentQuery().GetAsync()).Id);
        Assert.AreEqual(child.Id, (await Balsam.Jobs.Where(parentId: parent.Id).GetAsync()).Id);
        Assert.AreEqual(Path.Combine("/lus/sdk-apps/data", "model/child"), child.ResolveWorkdir("/lus/sdk-apps/data"));
        Assert.AreEqual("laptop:/data/input.txt", child.Transfers["input"]);

        await _world.Grain(child.Id).UpdateAsync(new JobPatch { Tags = new() { ["from"] = "elsewhere" } });
        Assert.IsFalse(await child.IsDoneAsync());
        Assert.AreEqual("elsewhere", child.Tags["from"], "IsDoneAsync refreshes");

        Assert.IsTrue(await child.DeleteAsync());
        Assert.IsTrue(child.IsNew);
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => Balsam.Jobs.GetAsync(parent.Id + 1_000_000));
        var gone = await Balsam.Jobs.GetAsync(parent.Id);
        Assert.IsTrue(await parent.DeleteAsync());
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => gone.RefreshAsync());
    }

    [TestMethod]
    public async Task JobsOfAnotherUserAreNotFound()
    {
        var job = await Balsam.Jobs.SubmitAsync<Sleeper>("model/private", new { seconds = 1 });
        await using var mallory = await _world.Silo.ConnectAsync("sdk-mallory");

        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => mallory.Jobs.GetAsync(job.Id));
        Assert.AreEqual(0, await mallory.Jobs.All().CountAsync());
        Assert.AreEqual(0, (await mallory.Jobs.Where(id: job.Id).DeleteAsync()).Matched);
        Assert.AreEqual(0, await mallory.Events.Where(jobId: job.Id).CountAsync());
    }

    [TestMethod]
    public async Task ANewJobWithoutAClientSavesThroughTheDefaultClient()
    {
        var previous = BalsamClient.Default;
        BalsamClient.Default = Balsam;
        try
        {
            var job = new Job { App = typeof(Sleeper), Workdir = "model/default", Parameters = { ["seconds"] = 1 } };
            await job.SaveAsync();
            Assert.IsFalse(job.IsNew);
        }
        finally
        {
            BalsamClient.Default = previous;
        }
    }

    [TestMethod]
    public async Task ManyJobsAreSavedAndRefreshedTogether()
    {
        var jobs = await Balsam.Jobs.BulkCreateAsync(Enumerable.Range(0, 5).Select(i => Balsam.Jobs.New<Sleeper>($"model/many/{i}", new { seconds = i })));
        jobs[0].Tags["k"] = "a";
        jobs[3].Data["n"] = 3;
        var brandNew = Balsam.Jobs.New<Sleeper>("model/many/new", new { seconds = 9 });

        Assert.AreEqual(3, await Balsam.Jobs.SaveAllAsync([.. jobs, brandNew]), "two changed, one new, two untouched");
        Assert.IsFalse(brandNew.IsNew);

        await _world.Grain(jobs[1].Id).UpdateAsync(new JobPatch { Tags = new() { ["k"] = "b" } });
        await Balsam.Jobs.RefreshAllAsync(jobs);
        Assert.AreEqual("a", jobs[0].Tags["k"]);
        Assert.AreEqual("b", jobs[1].Tags["k"]);
        Assert.AreEqual(3, (int)jobs[3].Data["n"]!);
    }
}
