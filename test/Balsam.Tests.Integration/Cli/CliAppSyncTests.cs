namespace Balsam.Tests.Integration.Cli;

/// <summary><c>balsam app sync</c>: app classes from the built assemblies in a site's apps/ folder.</summary>
[TestClass]
public sealed class CliAppSyncTests
{
    [TestMethod]
    public async Task SyncRegistersTheClassesOfThisSiteAndSkipsOthers()
    {
        await using var silo = await CliTestSilo.StartAsync("cli_sync");
        var root = Directory.CreateTempSubdirectory("balsam-cli-sync-").FullName;
        try
        {
            var cli = new BalsamCliRunner(silo, Path.Combine(root, "home"));
            (await cli.RunAsync(root, "site", "init", "run-site")).Succeeded();
            var site = Path.Combine(root, "run-site");
            // This test assembly holds app classes for 'run-site' (VecNorm, Divider) and for 'hook-site'.
            File.Copy(typeof(CliAppSyncTests).Assembly.Location, Path.Combine(site, "apps", "Balsam.Tests.Integration.dll"));

            var sync = (await cli.RunAsync(site, "app", "sync")).Succeeded();

            StringAssert.Contains(sync.Out, "as app 'VecNorm'");
            StringAssert.Contains(sync.Out, "as app 'Divider'");
            StringAssert.Contains(sync.Out, "Skipped Balsam.Tests.Integration.Launcher.Picky: it belongs to site 'hook-site', not 'run-site'");
            var ls = (await cli.RunAsync(site, "app", "ls", "-v")).Succeeded();
            StringAssert.Contains(ls.Out.Split('\n').Single(l => l.Contains(" VecNorm ")), "vec (required)");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
