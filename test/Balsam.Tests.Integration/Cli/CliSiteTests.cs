using System.Text.Json;

namespace Balsam.Tests.Integration.Cli;

/// <summary><c>balsam site ...</c> against a real silo: folders on disk, what the service stores, output and exit codes.</summary>
[TestClass]
public sealed class CliSiteTests
{
    private static CliTestSilo _silo = null!;
    private static string _root = null!;
    private static BalsamCliRunner _cli = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("cli_sites");
        _root = Directory.CreateTempSubdirectory("balsam-cli-sites-").FullName;
        _cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    public async Task SiteInitCreatesTheFolderRegistersItAndSiteLsShowsIt()
    {
        var init = (await _cli.RunProcessAsync(_root, "site", "init", "first-site")).Succeeded();

        var folder = Path.Combine(_root, "first-site");
        foreach (var sub in new[] { "data", "log", "qsubmit", "apps" })
        {
            Assert.IsTrue(Directory.Exists(Path.Combine(folder, sub)), $"{sub}/ is created\n{init}");
        }

        using var marker = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ".balsam-site")));
        var id = marker.RootElement.GetProperty("id").GetInt64();
        Assert.AreEqual("first-site", marker.RootElement.GetProperty("name").GetString(), "the name defaults to the folder name");

        await using (var client = await _silo.ConnectAsync(Environment.UserName))
        {
            var site = await client.Sites.GetAsync("first-site");
            Assert.AreEqual(id, site.Id);
            Assert.AreEqual(folder, site.Path, "the absolute path is registered");
        }

        var ls = (await _cli.RunProcessAsync(_root, "site", "ls")).Succeeded();
        var row = ls.Out.Split('\n').Single(line => line.Contains(" first-site "));
        StringAssert.Contains(row, folder);
        StringAssert.Contains(row, $" {id} ");
        StringAssert.Contains(row, " no ", "no agent heartbeat yet: not active");
        foreach (var header in new[] { "Id", "Name", "Path", "Active", "Apps" })
        {
            StringAssert.Contains(ls.Out, header);
        }

        var verbose = (await _cli.RunAsync(_root, "site", "ls", "-v")).Succeeded();
        StringAssert.Contains(verbose.Out, "num_nodes: 0");
        StringAssert.Contains(verbose.Out, Environment.UserName);
    }

    [TestMethod]
    public async Task ADuplicateSiteNameIsOneClearErrorWithExitCode1AndLeavesNoFolder()
    {
        (await _cli.RunAsync(_root, "site", "init", "dup-a", "--name", "dup")).Succeeded();

        var duplicate = (await _cli.RunProcessAsync(_root, "site", "init", "dup-b", "--name", "dup")).Failed(1);

        Assert.AreEqual("error: A site named 'dup' already exists for user '" + Environment.UserName + "'", duplicate.Error.Trim());
        Assert.IsFalse(Directory.Exists(Path.Combine(_root, "dup-b")), "a refused init creates nothing");
    }

    [TestMethod]
    public async Task InitRefusesANonEmptyFolderThatIsNotASite()
    {
        var folder = Path.Combine(_root, "busy");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");

        var refused = (await _cli.RunAsync(_root, "site", "init", "busy")).Failed(1);

        StringAssert.Contains(refused.Error, $"{folder} already exists, is not empty and is not a site folder");
        Assert.IsFalse(File.Exists(Path.Combine(folder, ".balsam-site")));
        await using var client = await _silo.ConnectAsync(Environment.UserName);
        Assert.IsNull(await client.Sites.FindAsync("busy"));
    }

    [TestMethod]
    public async Task InitAgainInTheSameSiteFolderIsANoOpAndAnEmptyFolderIsAccepted()
    {
        var folder = Path.Combine(_root, "empty-one");
        Directory.CreateDirectory(folder);
        (await _cli.RunAsync(folder, "site", "init", ".")).Succeeded();

        var again = (await _cli.RunAsync(folder, "site", "init", ".")).Succeeded();

        StringAssert.Contains(again.Out, "already initialised");
        var renameHint = (await _cli.RunAsync(folder, "site", "init", ".", "--name", "other")).Failed(1);
        StringAssert.Contains(renameHint.Error, "balsam site rename");
    }

    [TestMethod]
    public async Task SiteRmAsksForConfirmationThenDeletesTheSiteAndKeepsTheFolder()
    {
        (await _cli.RunAsync(_root, "site", "init", "doomed")).Succeeded();

        var unconfirmed = (await _cli.RunProcessAsync(_root, "site", "rm", "doomed")).Failed(1);
        StringAssert.Contains(unconfirmed.Error, "pass --yes");

        var removed = (await _cli.RunAsync(_root, "site", "rm", "doomed", "--yes")).Succeeded();
        StringAssert.Contains(removed.Out, "Deleted site 'doomed'");

        var ls = (await _cli.RunAsync(_root, "site", "ls")).Succeeded();
        Assert.DoesNotContain(" doomed ", ls.Out);
        Assert.IsTrue(Directory.Exists(Path.Combine(_root, "doomed", "data")), "the folder and its data are kept");

        var gone = (await _cli.RunAsync(_root, "site", "rm", "doomed", "--yes")).Failed(1);
        StringAssert.Contains(gone.Error, "not registered");
        var again = (await _cli.RunAsync(_root, "site", "init", "doomed")).Succeeded();
        StringAssert.Contains(again.Out, "Registered again");
    }

    [TestMethod]
    public async Task SiteMvMovesTheFolderAndRenameKeepsTheMarkerInStep()
    {
        (await _cli.RunAsync(_root, "site", "init", "mover")).Succeeded();
        var dest = Path.Combine(_root, "moved", "mover2");

        (await _cli.RunAsync(_root, "site", "mv", "mover", dest)).Succeeded();
        (await _cli.RunAsync(_root, "site", "rename", "mover", "renamed-mover")).Succeeded();

        Assert.IsFalse(Directory.Exists(Path.Combine(_root, "mover")));
        Assert.IsTrue(Directory.Exists(Path.Combine(dest, "data")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(dest, ".balsam-site")), "renamed-mover");
        await using var client = await _silo.ConnectAsync(Environment.UserName);
        var site = await client.Sites.GetAsync("renamed-mover");
        Assert.AreEqual(dest, site.Path);

        var taken = (await _cli.RunAsync(_root, "site", "mv", "renamed-mover", dest)).Failed(1);
        StringAssert.Contains(taken.Error, "already exists");
    }

    [TestMethod]
    public async Task UsageErrorsExitWith2AndPointAtHelp()
    {
        var missing = (await _cli.RunAsync(_root, "site", "init")).Failed(2);
        StringAssert.Contains(missing.Error, "PATH");
        StringAssert.Contains(missing.Error, "balsam site init --help");

        (await _cli.RunAsync(_root, "site", "ls", "--bogus")).Failed(2);
        (await _cli.RunAsync(_root)).Failed(2);
        var help = (await _cli.RunAsync(_root, "site", "--help")).Succeeded();
        StringAssert.Contains(help.Out, "init");
    }

    [TestMethod]
    public async Task AnUnknownSiteIsOneClearLine()
    {
        var byName = (await _cli.RunAsync(_root, "site", "rename", "no-such-site", "x")).Failed(1);
        Assert.AreEqual("error: Site 'no-such-site' does not exist", byName.Error.Trim());
        var byId = (await _cli.RunAsync(_root, "site", "rm", "987654", "--yes")).Failed(1);
        Assert.AreEqual("error: Site 987654 does not exist", byId.Error.Trim());
    }
}
