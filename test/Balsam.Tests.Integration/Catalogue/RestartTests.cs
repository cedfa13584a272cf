using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;

namespace Balsam.Tests.Integration.Catalogue;

/// <summary>Everything acknowledged survives a full stop and start of the silo on the same database.</summary>
[TestClass]
public sealed class RestartTests : CatalogueTestBase
{
    [TestMethod]
    public async Task SitesAndAppsSurviveASiloRestart()
    {
        var database = await TestPostgres.CreateDatabaseAsync("restart");
        long siteId;
        long appId;
        await using (var silo = await TestSilo.StartAsync(database))
        {
            var site = await User(silo, "persistent").CreateSiteAsync(new SiteSpec
            {
                Name = "durable",
                Path = "/data/durable",
                Settings = new SiteSettingsSummary { AllowedProjects = ["p1"] },
            });
            siteId = site.Id;
            appId = (await Site(silo, siteId).RegisterAppAsync(HelloApp())).Id;
            await Site(silo, siteId).HeartbeatAsync();
        }

        await using (var silo = await TestSilo.StartAsync(database))
        {
            var user = User(silo, "persistent");
            Assert.AreEqual(siteId, await user.FindSiteIdAsync("durable"));
            var site = await Site(silo, siteId).GetAsync();
            CollectionAssert.AreEqual(new[] { "p1" }, site.Settings.AllowedProjects);
            Assert.IsNotNull(site.LastRefresh);
            var app = await Site(silo, siteId).GetAppAsync("Hello");
            Assert.AreEqual(appId, app.Id);
            Assert.IsTrue(app.Definition.Parameters["say_hello_to"].Required);

            var next = await user.CreateSiteAsync(SiteNamed("after-restart"));
            Assert.IsTrue(next.Id > siteId, "ids keep rising after a restart");
        }
    }
}
