using System.Text;
using Balsam.Apps;
using Balsam.Errors;
using Balsam.Tests.Integration.Infrastructure;

namespace Balsam.Tests.Integration.Catalogue;

[TestClass]
public sealed class AppCatalogueTests : CatalogueTestBase
{
    private static TestSilo _silo = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) =>
        _silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("catalogue"));

    [ClassCleanup]
    public static async Task StopAsync() => await _silo.DisposeAsync();

    private static IAppCatalogueGrain Catalogue => _silo.Grains.GetGrain<IAppCatalogueGrain>(0);

    [TestMethod]
    public async Task AssemblyImagesAreStoredOnceByContentHash()
    {
        var image = Encoding.UTF8.GetBytes("not really an assembly, but bytes all the same");
        var hash = await Catalogue.UploadAssemblyAsync("Demo.Apps", image);
        Assert.AreEqual(64, hash.Length);
        Assert.AreEqual(hash, await Catalogue.UploadAssemblyAsync("Demo.Apps", image), "the same bytes give the same reference");
        Assert.IsTrue(await Catalogue.HasAssemblyAsync(hash));
        CollectionAssert.AreEqual(image, await Catalogue.DownloadAssemblyAsync(hash));
        await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => Catalogue.DownloadAssemblyAsync(new string('0', 64)));
    }

    [TestMethod]
    public async Task AnOversizedImageIsRefusedWithTheLimit()
    {
        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(
            () => Catalogue.UploadAssemblyAsync("Huge", new byte[ContractLimits.MaxAssemblyBytes + 1]));
        Assert.AreEqual("image", error.Problems.Single().Field);
        StringAssert.Contains(error.Message, "32 MiB");
    }

    [TestMethod]
    public async Task AnAppIsFoundByIdAndItsAssemblyMustExist()
    {
        var site = Site(_silo, (await User(_silo, "catalogue").CreateSiteAsync(SiteNamed("cat-site"))).Id);
        var missing = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => site.RegisterAppAsync(HelloApp() with
        {
            Assembly = new AssemblyImageRef { ContentHash = new string('a', 64), AssemblyName = "X", TypeName = "X.Hello" },
        }));
        Assert.AreEqual("assembly.content_hash", missing.Problems.Single().Field);

        var hash = await Catalogue.UploadAssemblyAsync("Demo.Apps", [1, 2, 3]);
        var app = await site.RegisterAppAsync(HelloApp() with
        {
            Assembly = new AssemblyImageRef { ContentHash = hash, AssemblyName = "Demo.Apps", TypeName = "Demo.Apps.Hello", SizeBytes = 3 },
        });

        var byId = await Catalogue.GetAppByIdAsync(app.Id);
        Assert.AreEqual("Hello", byId.Name);
        Assert.AreEqual(hash, byId.Definition.Assembly!.ContentHash);

        await site.DeleteAppAsync("Hello");
        await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(() => Catalogue.GetAppByIdAsync(app.Id));
    }
}
