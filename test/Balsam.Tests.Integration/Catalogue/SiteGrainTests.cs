using Balsam.Errors;
using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;

namespace Balsam.Tests.Integration.Catalogue;

[TestClass]
public sealed class SiteGrainTests : CatalogueTestBase
{
    private static TestSilo _silo = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) =>
        _silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("sites"));

    [ClassCleanup]
    public static async Task StopAsync() => await _silo.DisposeAsync();

    [TestMethod]
    public async Task CreatedSiteCanBeReadByIdAndByName()
    {
        var user = User(_silo, "roundtrip");
        var created = await user.CreateSiteAsync(new SiteSpec
        {
            Name = "polaris",
            Path = "/lus/grand/projects/x/polaris-site",
            Settings = new SiteSettingsSummary
            {
                NumNodes = 8,
                AllowedProjects = ["datascience"],
                AllowedQueues = { ["debug"] = new QueuePolicy(2, 60, 1) },
                TransferLocations = { ["laptop"] = "rsync://me@laptop.example" },
            },
        });

        Assert.IsTrue(created.Id > 0);
        var byId = await Site(_silo, created.Id).GetAsync();
        Assert.AreEqual("polaris", byId.Name);
        Assert.AreEqual("roundtrip", byId.Owner);
        Assert.AreEqual(8, byId.Settings.NumNodes);
        Assert.AreEqual(60, byId.Settings.AllowedQueues["debug"].MaxWalltimeMin);
        Assert.AreEqual(created.Id, await user.FindSiteIdAsync("polaris"));
        Assert.IsNull(await user.FindSiteIdAsync("theta"));
    }

    [TestMethod]
    public async Task SiteNamesAreUniquePerOwnerOnly()
    {
        var first = await User(_silo, "bob").CreateSiteAsync(SiteNamed("shared-name"));
        var conflict = await Assert.ThrowsExactlyAsync<NameConflictException>(
            () => User(_silo, "bob").CreateSiteAsync(SiteNamed("shared-name", "/other/path")));
        StringAssert.Contains(conflict.Message, "shared-name");

        var otherOwner = await User(_silo, "carol").CreateSiteAsync(SiteNamed("shared-name"));
        Assert.AreNotEqual(first.Id, otherOwner.Id);
        await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => Site(_silo, first.Id).GetAsync(), "carol does not see bob's site");
        _silo.User = "bob";
        Assert.AreEqual("/home/alice/sites/x", (await Site(_silo, first.Id).GetAsync()).Path, "the refused create changed nothing");
    }

    [TestMethod]
    public async Task ListingShowsEveryOwnedSiteInIdOrder()
    {
        var user = User(_silo, "lister");
        var a = await user.CreateSiteAsync(SiteNamed("a"));
        var b = await user.CreateSiteAsync(SiteNamed("b"));
        var c = await user.CreateSiteAsync(SiteNamed("c"));

        var sites = await user.ListSitesAsync();

        CollectionAssert.AreEqual(new[] { a.Id, b.Id, c.Id }, sites.Select(s => s.Id).ToArray());
    }

    [TestMethod]
    public async Task RenameFreesTheOldNameAndRefusesATakenOne()
    {
        var user = User(_silo, "renamer");
        var site = await user.CreateSiteAsync(SiteNamed("old"));
        await user.CreateSiteAsync(SiteNamed("taken"));

        var renamed = await user.RenameSiteAsync(site.Id, "new");
        Assert.AreEqual("new", renamed.Name);
        Assert.AreEqual(site.Id, await user.FindSiteIdAsync("new"));
        Assert.IsNull(await user.FindSiteIdAsync("old"));
        await Assert.ThrowsExactlyAsync<NameConflictException>(() => user.RenameSiteAsync(site.Id, "taken"));
        Assert.AreEqual("new", (await Site(_silo, site.Id).GetAsync()).Name);

        var reused = await user.CreateSiteAsync(SiteNamed("old"));
        Assert.AreNotEqual(site.Id, reused.Id);
    }

    [TestMethod]
    public async Task MoveChangesThePathAndValidatesIt()
    {
        var site = await User(_silo, "mover").CreateSiteAsync(SiteNamed("movable"));

        var moved = await Site(_silo, site.Id).UpdateAsync("/scratch/new-home", null);
        Assert.AreEqual("/scratch/new-home", moved.Path);

        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(
            () => Site(_silo, site.Id).UpdateAsync("relative/path", null));
        Assert.AreEqual("path", error.Problems.Single().Field);
        Assert.AreEqual("/scratch/new-home", (await Site(_silo, site.Id).GetAsync()).Path);
    }

    [TestMethod]
    public async Task DeletingASiteDeletesItsApps()
    {
        var user = User(_silo, "deleter");
        var site = await user.CreateSiteAsync(SiteNamed("doomed"));
        var app = await Site(_silo, site.Id).RegisterAppAsync(HelloApp());

        Assert.IsTrue(await user.DeleteSiteAsync(site.Id));

        await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => Site(_silo, site.Id).GetAsync());
        Assert.IsNull(await _silo.Grains.GetGrain<Balsam.Apps.IAppGrain>(Balsam.Apps.AppKey.For(site.Id, app.Name)).FindAsync());
        Assert.IsNull(await user.FindSiteIdAsync("doomed"));
        Assert.IsFalse(await user.DeleteSiteAsync(site.Id), "a second delete finds nothing");
    }

    [TestMethod]
    public async Task InvalidSitesAreRefusedWithEveryBrokenFieldNamed()
    {
        var user = User(_silo, "validator");
        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => user.CreateSiteAsync(new SiteSpec
        {
            Name = " bad,name",
            Path = "not/absolute",
            Settings = new SiteSettingsSummary
            {
                NumNodes = -1,
                AllowedQueues = { ["debug"] = new QueuePolicy(0, 60, 1) },
                TransferLocations = { ["nowhere"] = "just-a-host" },
            },
        }));

        var fields = error.Problems.Select(p => p.Field).ToHashSet();
        CollectionAssert.IsSubsetOf(
            new[] { "name", "path", "settings.num_nodes", "settings.allowed_queues.debug.max_nodes", "settings.transfer_locations.nowhere" },
            fields.ToArray());
        StringAssert.Contains(error.Message, "must be an absolute path");
        Assert.AreEqual(0, (await user.ListSitesAsync()).Count, "nothing was stored");
    }

    [TestMethod]
    public async Task UnknownSiteIsATypedNotFound()
    {
        var error = await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => Site(_silo, 987_654_321).GetAsync());
        Assert.AreEqual("Site", error.Resource);
    }
}
