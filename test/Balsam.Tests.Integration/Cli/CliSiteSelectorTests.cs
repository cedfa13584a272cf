namespace Balsam.Tests.Integration.Cli;

/// <summary>Every <c>--site</c> takes the same selector: listings take <c>all</c>/<c>active</c>/<c>this</c>, one-site commands refuse the many-site keywords.</summary>
[TestClass]
public sealed class CliSiteSelectorTests
{
    private static CliTestSilo _silo = null!;
    private static string _root = null!;
    private static BalsamCliRunner _cli = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("cli_site_selector");
        _root = Directory.CreateTempSubdirectory("balsam-cli-selector-").FullName;
        _cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        foreach (var (site, app) in new[] { ("north-site", "NorthApp"), ("south-site", "SouthApp") })
        {
            (await _cli.RunAsync(_root, "site", "init", site)).Succeeded();
            (await _cli.RunAsync(_root, "app", "add", "--site", site, "--name", app, "--command", "echo {{ x }}")).Succeeded();
            (await _cli.RunAsync(_root, "job", "create", "--site", site, "--app", app, "--workdir", $"{site}/1", "-p", "x=1")).Succeeded();
        }
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static string North => Path.Combine(_root, "north-site");

    [TestMethod]
    public async Task AppLsSiteAllListsEverySiteEvenInsideASiteFolder()
    {
        var here = (await _cli.RunAsync(North, "app", "ls")).Succeeded();
        StringAssert.Contains(here.Out, "NorthApp");
        Assert.DoesNotContain("SouthApp", here.Out, "inside a site folder, that site only");

        var all = (await _cli.RunAsync(North, "app", "ls", "--site", "all")).Succeeded();
        StringAssert.Contains(all.Out, "NorthApp");
        StringAssert.Contains(all.Out, "SouthApp");

        var listed = (await _cli.RunAsync(_root, "app", "ls", "--site", "north-site,south-site")).Succeeded();
        StringAssert.Contains(listed.Out, "SouthApp");
        var thisOne = (await _cli.RunAsync(North, "app", "ls", "--site=this")).Succeeded();
        Assert.DoesNotContain("SouthApp", thisOne.Out);
        var active = (await _cli.RunAsync(_root, "app", "ls", "--site", "active")).Succeeded();
        StringAssert.Contains(active.Out, "None of your sites is active", "no agent runs here");
    }

    [TestMethod]
    public async Task JobLsSiteAllListsEverySitesJobs()
    {
        var here = (await _cli.RunAsync(North, "job", "ls")).Succeeded();
        StringAssert.Contains(here.Out, "north-site/1");
        Assert.DoesNotContain("south-site/1", here.Out);

        var all = (await _cli.RunAsync(North, "job", "ls", "--site", "all")).Succeeded();
        StringAssert.Contains(all.Out, "north-site/1");
        StringAssert.Contains(all.Out, "south-site/1");

        var outside = (await _cli.RunAsync(_root, "job", "ls", "--site", "this")).Failed(1);
        StringAssert.Contains(outside.Error, "--site this");
        StringAssert.Contains(outside.Error, "is not inside a site folder");
    }

    [TestMethod]
    public async Task OneSiteCommandsRefuseAllAndActiveNamingTheOption()
    {
        var add = (await _cli.RunAsync(_root, "app", "add", "--site", "all", "--name", "Nope", "--command", "echo no")).Failed(1);
        StringAssert.Contains(add.Error, "--site all names all your sites, but this command acts on one site");
        StringAssert.Contains(add.Error, "Pass --site NAME|ID|PATH");

        var create = (await _cli.RunAsync(_root, "job", "create", "--site", "active", "--app", "NorthApp", "--workdir", "x/1", "-p", "x=1")).Failed(1);
        StringAssert.Contains(create.Error, "--site active names every active site");

        var remove = (await _cli.RunAsync(_root, "site", "rm", "all", "--yes")).Failed(1);
        StringAssert.Contains(remove.Error, "SITE all names all your sites");
        StringAssert.Contains((await _cli.RunAsync(_root, "site", "ls")).Succeeded().Out, "north-site", "nothing was deleted");

        var viaThis = (await _cli.RunAsync(North, "app", "add", "--site", "this", "--name", "ThisApp", "--command", "echo this")).Succeeded();
        StringAssert.Contains(viaThis.Out, "Registered app 'ThisApp'");
    }
}
