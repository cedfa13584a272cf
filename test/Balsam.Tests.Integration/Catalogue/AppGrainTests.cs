using Balsam.Apps;
using Balsam.Errors;
using Balsam.Tests.Integration.Infrastructure;

namespace Balsam.Tests.Integration.Catalogue;

[TestClass]
public sealed class AppGrainTests : CatalogueTestBase
{
    private static TestSilo _silo = null!;
    private static long _siteId;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("apps"));
        _siteId = (await User(_silo).CreateSiteAsync(SiteNamed("app-site"))).Id;
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _silo.DisposeAsync();

    private static Sites.ISiteGrain TheSite
    {
        get
        {
            _silo.User = "alice"; // its owner
            return Site(_silo, _siteId);
        }
    }

    [TestMethod]
    public async Task RegisteredAppRoundTripsWithParametersFromTheTemplate()
    {
        var registered = await TheSite.RegisterAppAsync(new AppDefinition
        {
            Name = "Greeter",
            Description = "Greets someone",
            CommandTemplate = "echo {{ greeting }}, {{ name }}! > {{ out_file }}",
            Parameters = { ["greeting"] = AppParameter.Optional("Hello", "what to say") },
            Transfers =
            {
                ["input_data"] = new TransferSlot { Required = true, Direction = TransferDirection.In, LocalPath = "in.dat" },
                ["result"] = new TransferSlot { Direction = TransferDirection.Out, LocalPath = "out/result.txt", Recursive = false },
            },
            CleanupFiles = ["*.tmp", "scratch/**"],
            EnvironmentVariables = { ["OMP_NUM_THREADS"] = "4" },
            OverriddenHooks = AppHooks.Preprocess | AppHooks.HandleTimeout,
        });

        var loaded = await TheSite.GetAppAsync("Greeter");
        Assert.AreEqual(registered.Id, loaded.Id);
        Assert.AreEqual(_siteId, loaded.SiteId);
        var parameters = loaded.Definition.Parameters;
        CollectionAssert.AreEquivalent(new[] { "greeting", "name", "out_file" }, parameters.Keys.ToArray());
        Assert.IsFalse(parameters["greeting"].Required);
        Assert.AreEqual("Hello", parameters["greeting"].Default);
        Assert.IsTrue(parameters["name"].Required, "a template name missing from the spec is required");
        Assert.AreEqual(TransferDirection.In, loaded.Definition.Transfers["input_data"].Direction);
        Assert.AreEqual("out/result.txt", loaded.Definition.Transfers["result"].LocalPath);
        CollectionAssert.AreEqual(new[] { "*.tmp", "scratch/**" }, loaded.Definition.CleanupFiles);
        Assert.AreEqual("4", loaded.Definition.EnvironmentVariables["OMP_NUM_THREADS"]);
        Assert.AreEqual(AppHooks.Preprocess | AppHooks.HandleTimeout, loaded.Definition.OverriddenHooks);
    }

    [TestMethod]
    public async Task ReRegisteringTheSameClassNameOverwritesAndKeepsTheId()
    {
        var first = await TheSite.RegisterAppAsync(HelloApp("Resync"));
        var second = await TheSite.RegisterAppAsync(new AppDefinition
        {
            Name = "Resync",
            Description = "Second version",
            CommandTemplate = "echo Bye, {{ who }}",
        });

        Assert.AreEqual(first.Id, second.Id);
        var loaded = await TheSite.GetAppAsync("Resync");
        Assert.AreEqual("Second version", loaded.Definition.Description);
        CollectionAssert.AreEquivalent(new[] { "who" }, loaded.Definition.Parameters.Keys.ToArray());
        Assert.AreEqual(1, (await TheSite.ListAppsAsync()).Count(a => a.Name == "Resync"));
    }

    [TestMethod]
    public async Task RunAppsTakeTheirParametersFromTheRunSignature()
    {
        var app = await TheSite.RegisterAppAsync(new AppDefinition
        {
            Name = "VecNorm",
            RunParameters = ["vec", "order"],
            Parameters = { ["order"] = AppParameter.Optional("2") },
        });

        Assert.IsTrue(app.Definition.IsRunApp);
        Assert.IsTrue(app.Definition.Parameters["vec"].Required);
        Assert.AreEqual("2", app.Definition.Parameters["order"].Default);
    }

    [TestMethod]
    public async Task ListAndDeleteAppsOfASite()
    {
        var user = User(_silo, "list-apps");
        var site = Site(_silo, (await user.CreateSiteAsync(SiteNamed("listing"))).Id);
        await site.RegisterAppAsync(HelloApp("Zeta"));
        await site.RegisterAppAsync(HelloApp("Alpha"));
        await site.RegisterAppAsync(HelloApp("Mid"));

        CollectionAssert.AreEqual(new[] { "Alpha", "Mid", "Zeta" }, (await site.ListAppsAsync()).Select(a => a.Name).ToArray());

        Assert.IsTrue(await site.DeleteAppAsync("Mid"));
        Assert.IsFalse(await site.DeleteAppAsync("Mid"));
        CollectionAssert.AreEqual(new[] { "Alpha", "Zeta" }, (await site.ListAppsAsync()).Select(a => a.Name).ToArray());
        await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => site.GetAppAsync("Mid"));
    }

    [TestMethod]
    public async Task AppsAreKeyedBySiteSoTwoSitesMayShareAClassName()
    {
        var user = User(_silo, "two-sites");
        var a = Site(_silo, (await user.CreateSiteAsync(SiteNamed("a"))).Id);
        var b = Site(_silo, (await user.CreateSiteAsync(SiteNamed("b"))).Id);

        var onA = await a.RegisterAppAsync(HelloApp("Same"));
        var onB = await b.RegisterAppAsync(new AppDefinition { Name = "Same", CommandTemplate = "hostname" });

        Assert.AreNotEqual(onA.Id, onB.Id);
        Assert.AreEqual("echo Hello, {{ say_hello_to }}!", (await a.GetAppAsync("Same")).Definition.CommandTemplate);
        Assert.AreEqual("hostname", (await b.GetAppAsync("Same")).Definition.CommandTemplate);
    }

    [TestMethod]
    public async Task InvalidAppIsRefusedAndTheStoredVersionIsUntouched()
    {
        await TheSite.RegisterAppAsync(HelloApp("Guarded"));

        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => TheSite.RegisterAppAsync(new AppDefinition
        {
            Name = "Guarded",
            CommandTemplate = "run {{ input-file }}",
            RunParameters = ["x"],
        }));
        Assert.AreEqual("command_template", error.Problems.Single().Field);
        StringAssert.Contains(error.Message, "not both");

        var stored = await TheSite.GetAppAsync("Guarded");
        Assert.AreEqual("echo Hello, {{ say_hello_to }}!", stored.Definition.CommandTemplate);
    }

    [TestMethod]
    public async Task RegisteringAtAMissingSiteIsANotFound()
    {
        var error = await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(
            () => Site(_silo, 555_555_555).RegisterAppAsync(HelloApp()));
        Assert.AreEqual("Site", error.Resource);
        Assert.IsNull(await _silo.Grains.GetGrain<IAppGrain>(AppKey.For(555_555_555, "Hello")).FindAsync(),
            "no orphan app was stored");
    }
}
