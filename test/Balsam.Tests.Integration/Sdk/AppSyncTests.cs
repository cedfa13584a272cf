using System.Security.Cryptography;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Client.Apps;
using Balsam.Errors;
using Balsam.Tests.Integration.Sdk.Apps;

namespace Balsam.Tests.Integration.Sdk;

/// <summary>ApplicationDefinition classes read by reflection, shipped as assembly images, and registered at their site.</summary>
[TestClass]
public sealed class AppSyncTests
{
    private static SdkWorld _world = null!;

    private static AppManager Apps => _world.Client.Apps;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _world = await SdkWorld.StartAsync("sdkapps");

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    [TestMethod]
    public async Task ACommandTemplateAppRegistersItsTemplateDescriptionAndSpecWithTemplateNamesRequired()
    {
        var sleeper = await Apps.SyncAsync<Sleeper>();

        var d = sleeper.Definition;
        Assert.AreEqual("Sleeper", sleeper.Name);
        Assert.AreEqual(_world.Site.Id, sleeper.SiteId);
        Assert.AreEqual("Sleeps, then says so.", d.Description, "from [Description], trimmed");
        Assert.AreEqual("sleep {{ seconds }} && echo {{ message }}", d.CommandTemplate);
        Assert.IsNull(d.RunParameters);
        Assert.IsTrue(d.Parameters["seconds"].Required, "named in the template, absent from the spec: required");
        Assert.IsFalse(d.Parameters["message"].Required);
        Assert.AreEqual("\"done\"", d.Parameters["message"].Default, "defaults are JSON literals");
        Assert.AreEqual("what to print when awake", d.Parameters["message"].Help);
        Assert.AreEqual(AppHooks.None, d.OverriddenHooks);
        Assert.AreEqual(typeof(Sleeper), sleeper.LocalType);
    }

    [TestMethod]
    public async Task ARunAppRegistersItsSignatureAsParametersWithDefaultsFromTheSignature()
    {
        var adder = await Apps.SyncAsync<Adder>();
        CollectionAssert.AreEqual(new[] { "x", "y" }, adder.Definition.RunParameters);
        Assert.IsNull(adder.Definition.CommandTemplate);
        Assert.IsTrue(adder.Definition.Parameters["x"].Required);
        Assert.AreEqual("int", adder.Definition.Parameters["y"].Help);
        Assert.AreEqual("Adds two numbers (described by its XML documentation).", adder.Definition.Description);

        var greeter = await Apps.SyncAsync<Greeter>();
        var p = greeter.Definition.Parameters;
        CollectionAssert.AreEqual(new[] { "name", "times", "pause", "suffix" }, greeter.Definition.RunParameters, "the CancellationToken is the runner's");
        Assert.AreEqual("Greets someone, a few times.", greeter.Definition.Description, "an overridden Description");
        Assert.IsTrue(p["name"].Required);
        Assert.AreEqual("who to greet", p["name"].Help);
        Assert.IsFalse(p["times"].Required);
        Assert.AreEqual("2", p["times"].Default, "the signature's default wins over the spec's");
        Assert.AreEqual("0.5", p["pause"].Default);
        Assert.AreEqual("double", p["pause"].Help);
        Assert.AreEqual("null", p["suffix"].Default);

        var norm = await Apps.SyncAsync<VecNorm>();
        Assert.AreEqual("double[]", norm.Definition.Parameters["vec"].Help);
    }

    [TestMethod]
    public async Task TransferSlotsCleanupGlobsEnvironmentAndRunnerAreRegistered()
    {
        var staged = await Apps.SyncAsync<Staged>();
        var input = staged.Definition.Transfers["input"];
        Assert.IsTrue(input.Required);
        Assert.AreEqual(TransferDirection.In, input.Direction);
        Assert.AreEqual("input.txt", input.LocalPath);
        Assert.AreEqual("lines to count", input.Description);
        Assert.AreEqual(TransferDirection.Out, staged.Definition.Transfers["results"].Direction);

        var cleaner = await Apps.SyncAsync<Cleaner>();
        CollectionAssert.AreEqual(new[] { "*.tmp", "scratch/*.chk" }, cleaner.Definition.CleanupFiles);
        Assert.AreEqual("4", cleaner.Definition.EnvironmentVariables["OMP_NUM_THREADS"]);
        Assert.AreEqual("fast", cleaner.Definition.EnvironmentVariables["SIM_MODE"]);
        Assert.AreEqual("/opt/balsam/bin/balsam", cleaner.Definition.RunnerExecutable);
    }

    [TestMethod]
    public async Task OverriddenHooksAreDetectedByReflection()
    {
        var hooked = await Apps.SyncAsync<Hooked>();
        Assert.AreEqual(AppHooks.Preprocess | AppHooks.HandleError | AppHooks.ShellPreamble, hooked.Definition.OverriddenHooks);

        var job = new Balsam.Client.Jobs.Job { State = Balsam.States.JobState.StagedIn };
        var app = new Hooked { Job = job };
        await app.PreprocessAsync(CancellationToken.None);
        Assert.AreEqual(Balsam.States.JobState.Preprocessed, job.State);
        Assert.IsTrue((bool)job.Data["prepared"]!);
        await new Sleeper { Job = job }.HandleErrorAsync(CancellationToken.None);
        Assert.AreEqual(Balsam.States.JobState.Failed, job.State, "the default error hook fails the job");
        await new Sleeper { Job = job }.HandleTimeoutAsync(CancellationToken.None);
        Assert.AreEqual(Balsam.States.JobState.RestartReady, job.State);
        Assert.IsEmpty(new Sleeper().ShellPreamble());
        Assert.ThrowsExactly<InvalidOperationException>(() => new Sleeper().Job);
    }

    [TestMethod]
    public async Task ReSyncingKeepsTheAppsId()
    {
        var first = await Apps.SyncAsync<VecNorm>();
        var again = await Apps.SyncAsync<VecNorm>();

        Assert.AreEqual(first.Id, again.Id);
        Assert.IsGreaterThanOrEqualTo(first.Info.RegisteredAt, again.Info.RegisteredAt);
        Assert.HasCount(1, (await Apps.LoadBySiteAsync(SdkWorld.SiteName)).Values.Where(a => a.Name == "VecNorm"));
    }

    [TestMethod]
    public async Task SubmittingLeavesTheSiteHoldingTheClassesDefinitionAndRegistersOnlyWhenItDiffers()
    {
        var siteId = _world.Site.Id;
        await _world.Client.Jobs.SubmitAsync<Chooser>("chooser/1", new { x = 1 });
        var registered = (await Apps.GetAsync(siteId, "Chooser")).RegisteredAt;
        await _world.Client.Jobs.SubmitAsync<Chooser>("chooser/2", new { x = 2 });
        Assert.AreEqual(registered, (await Apps.GetAsync(siteId, "Chooser")).RegisteredAt, "an unchanged app is not registered again");

        // Another client overwrites the app; the first client's next submit puts its own definition back.
        await using var other = await _world.Silo.ConnectAsync("sdk-sdkapps");
        await other.Apps.RegisterAsync(siteId, new AppDefinition { Name = "Chooser", CommandTemplate = "echo other {{ x }}" });
        Assert.AreEqual("echo other {{ x }}", (await Apps.GetAsync(siteId, "Chooser")).Definition.CommandTemplate);
        await _world.Client.Jobs.SubmitAsync<Chooser>("chooser/3", new { x = 3 });
        var held = await Apps.GetAsync(siteId, "Chooser");
        Assert.AreEqual("echo chosen {{ x }}", held.Definition.CommandTemplate, "the site holds the submitting class's definition again");

        // A client that never synced the class finds the site holding it and registers nothing.
        await using var third = await _world.Silo.ConnectAsync("sdk-sdkapps");
        await third.Apps.SyncAsync<Chooser>();
        Assert.AreEqual(held.RegisteredAt, (await Apps.GetAsync(siteId, "Chooser")).RegisteredAt);
    }

    [TestMethod]
    public async Task AClassWithoutADescriptionIsSyncedWithOneWarningThatSaysHowToGiveOne()
    {
        await using var client = await _world.Silo.ConnectAsync("sdk-sdkapps");
        var warnings = new List<string>();
        client.Apps.Warn = warnings.Add;

        var app = await client.Apps.SyncAsync<Undescribed>();
        await client.Apps.SyncAsync<Undescribed>();
        await client.Jobs.SubmitAsync<Undescribed>("undescribed/1");
        await client.Apps.SyncAsync<Adder>();

        Assert.AreEqual("", app.Definition.Description);
        Assert.HasCount(1, warnings, "once, and not for a class with an XML summary");
        StringAssert.Contains(warnings[0], "app class Balsam.Tests.Integration.Sdk.Apps.Undescribed has no description");
        StringAssert.Contains(warnings[0], "[Description(");
        StringAssert.Contains(warnings[0], "<GenerateDocumentationFile>true</GenerateDocumentationFile>");
    }

    [TestMethod]
    public async Task TheAssemblyImageIsContentAddressedAndUploadedOnlyWhenTheServiceLacksIt()
    {
        var adder = await Apps.SyncAsync<Adder>();
        var image = adder.Definition.Assembly!;
        var bytes = await File.ReadAllBytesAsync(typeof(Adder).Assembly.Location);

        Assert.AreEqual(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), image.ContentHash);
        Assert.AreEqual(typeof(Adder).FullName, image.TypeName);
        Assert.AreEqual("Balsam.Tests.Integration", image.AssemblyName);
        Assert.AreEqual(bytes.LongLength, image.SizeBytes);
        var catalogue = _world.Client.Cluster.GetGrain<IAppCatalogueGrain>(0);
        Assert.IsTrue(await catalogue.HasAssemblyAsync(image.ContentHash));
        CollectionAssert.AreEqual(bytes, await catalogue.DownloadAssemblyAsync(image.ContentHash));

        // A second client finds the image there and skips the upload.
        await using var other = await _world.Silo.ConnectAsync("sdk-sdkapps");
        await other.Apps.SyncAsync<Adder>();
        Assert.AreEqual(0, other.Apps.Images.Uploads);
        Assert.IsLessThanOrEqualTo(1, Apps.Images.Uploads, "one assembly, uploaded at most once");

        var tooBig = Assert.ThrowsExactly<BalsamValidationException>(() => AssemblyImages.CheckSize("Huge.Apps", ContractLimits.MaxAssemblyBytes + 1L));
        StringAssert.Contains(tooBig.Message, "Huge.Apps");
        StringAssert.Contains(tooBig.Message, "the limit is 32 MiB");
    }

    [TestMethod]
    public async Task BothOrNeitherOfATemplateAndRunIsAnErrorThatNamesTheClass()
    {
        var both = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => Apps.SyncAsync<BothTemplateAndRun>());
        StringAssert.Contains(both.Message, typeof(BothTemplateAndRun).FullName!);
        StringAssert.Contains(both.Message, "not both");

        var neither = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => Apps.SyncAsync<NeitherTemplateNorRun>());
        StringAssert.Contains(neither.Message, nameof(NeitherTemplateNorRun));
        StringAssert.Contains(neither.Message, "CommandTemplate or define a public Run method");

        var noSite = await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => Apps.SyncAsync<OnAnotherSite>());
        StringAssert.Contains(noSite.Message, "'no-such-site'");
        StringAssert.Contains(noSite.Message, nameof(OnAnotherSite));
    }

    [TestMethod]
    public async Task LoadBySiteGivesHandlesThatMakeJobsLikeLocalClasses()
    {
        await Apps.SyncAsync<Sleeper>();
        await Apps.SyncAsync<Adder>();
        await using var elsewhere = await _world.Silo.ConnectAsync("sdk-sdkapps");

        var apps = await elsewhere.Apps.LoadBySiteAsync(SdkWorld.SiteName);
        Assert.IsTrue(apps.ContainsKey("Sleeper") && apps.ContainsKey("Adder"));
        Assert.IsNull(apps["Adder"].LocalType);

        var job = await apps["Adder"].SubmitAsync("load-by-site/1", new { x = 1, y = 2 });
        Assert.AreEqual("Adder", job.AppName);
        Assert.AreEqual(apps["Adder"].Id, job.AppId);
        Assert.AreEqual(2, job.Parameters.Get<int>("y"));
        Assert.AreEqual(1, await apps["Adder"].Jobs().CountAsync());

        var byName = await elsewhere.Apps.LoadAsync("Sleeper");
        var byId = await elsewhere.Apps.LoadAsync(byName.Id);
        Assert.AreEqual(byName.Id, byId.Id);
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => elsewhere.Apps.LoadAsync("NoSuchApp"));
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => elsewhere.Apps.LoadBySiteAsync("no-such-site"));
    }

    [TestMethod]
    public async Task AppsCanBeQueriedLikeJobs()
    {
        await Apps.SyncAsync<Sleeper>();
        await Apps.SyncAsync<Adder>();

        var adder = await Apps.Where(name: "Adder").GetAsync();
        Assert.AreEqual("Adder", adder.Name);
        var sorted = await Apps.All().OrderBy(Balsam.Client.Queries.AppField.Name).Select(a => a.Name).ToListAsync();
        CollectionAssert.AreEqual(sorted.Order(StringComparer.Ordinal).ToList(), sorted);
        Assert.AreEqual(sorted.Count, await Apps.Where(site: SdkWorld.SiteName).CountAsync());
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => Apps.Where(name: "Nope").GetAsync());
        await Assert.ThrowsExactlyAsync<MultipleObjectsReturnedException>(() => Apps.All().GetAsync());
    }
}
