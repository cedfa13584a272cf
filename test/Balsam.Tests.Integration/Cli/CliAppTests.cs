namespace Balsam.Tests.Integration.Cli;

/// <summary><c>balsam app ...</c> against a real silo.</summary>
[TestClass]
public sealed class CliAppTests
{
    private static CliTestSilo _silo = null!;
    private static string _root = null!;
    private static BalsamCliRunner _cli = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("cli_apps");
        _root = Directory.CreateTempSubdirectory("balsam-cli-apps-").FullName;
        _cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    public async Task AppAddThenVerboseAppLsShowsRequiredAndOptionalParameters()
    {
        (await _cli.RunAsync(_root, "site", "init", "hello-site")).Succeeded();

        var hello = (await _cli.RunProcessAsync(_root, "app", "add", "--site", "hello-site", "--name", "Hello",
            "--command", "echo Hello, {{ say_hello_to }}!")).Succeeded();
        StringAssert.Contains(hello.Out, "Registered app 'Hello'");
        (await _cli.RunAsync(_root, "app", "add", "--site", "hello-site", "--name", "Sleeper",
            "--command", "sleep {{ seconds }} && echo {{ word }}", "--param", "seconds=2", "--description", "Naps")).Succeeded();

        var ls = (await _cli.RunProcessAsync(_root, "app", "ls", "--site", "hello-site", "-v")).Succeeded();

        var helloRow = ls.Out.Split('\n').Single(line => line.Contains(" Hello "));
        StringAssert.Contains(helloRow, "echo Hello, {{ say_hello_to }}!");
        StringAssert.Contains(helloRow, "say_hello_to (required)");
        StringAssert.Contains(ls.Out, "seconds (optional, default 2)");
        StringAssert.Contains(ls.Out, "word (required)");
        StringAssert.Contains(ls.Out, "Naps");
        StringAssert.Contains(ls.Out, "Transfers");

        var brief = (await _cli.RunAsync(_root, "app", "ls", "--site", "hello-site")).Succeeded();
        StringAssert.Contains(brief.Out.Split('\n').Single(line => line.Contains(" Sleeper ")), "seconds=2, word");
        var sites = (await _cli.RunAsync(_root, "site", "ls")).Succeeded();
        StringAssert.Contains(sites.Out.Split('\n').Single(line => line.Contains(" hello-site ")), " 2 ", "the site counts its apps");
    }

    [TestMethod]
    public async Task ValidationErrorsNameEveryFieldAndRule()
    {
        (await _cli.RunAsync(_root, "site", "init", "strict-site")).Succeeded();

        var invalid = (await _cli.RunProcessAsync(_root, "app", "add", "--site", "strict-site", "--name", "9Lives",
            "--command", "echo {{ x }}", "--param", "y=")).Failed(1);

        var lines = invalid.Error.Trim().Split('\n');
        Assert.AreEqual("error: invalid app '9Lives':", lines[0]);
        Assert.IsTrue(lines.Any(l => l.StartsWith("  - name: must be a C# identifier")), invalid.ToString());
        Assert.IsTrue(lines.Any(l => l.StartsWith("  - parameters.y.default: an optional parameter needs a non-empty default")), invalid.ToString());

        var ls = (await _cli.RunAsync(_root, "app", "ls", "--site", "strict-site")).Succeeded();
        StringAssert.Contains(ls.Out, "No apps at site 'strict-site'", "nothing was stored");
    }

    [TestMethod]
    public async Task AppCommandsInsideASiteFolderUseThatSite()
    {
        (await _cli.RunAsync(_root, "site", "init", "here-site")).Succeeded();
        var inside = Path.Combine(_root, "here-site", "data");

        (await _cli.RunAsync(inside, "app", "add", "-n", "Echo", "-c", "echo {{ text }}")).Succeeded();
        var ls = (await _cli.RunAsync(inside, "app", "ls")).Succeeded();
        StringAssert.Contains(ls.Out.Split('\n').Single(line => line.Contains(" Echo ")), " here-site ");

        var outside = Directory.CreateTempSubdirectory("balsam-not-a-site-").FullName;
        try
        {
            var noSite = (await _cli.RunAsync(outside, "app", "add", "-n", "Echo", "-c", "echo hi")).Failed(1);
            StringAssert.Contains(noSite.Error, "not inside a site folder");
            var everywhere = (await _cli.RunAsync(outside, "app", "ls")).Succeeded();
            StringAssert.Contains(everywhere.Out, " here-site ", "outside a site folder, apps of all sites are listed");
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    [TestMethod]
    public async Task AppRmRemovesTheAppAndAMissingAppIsOneClearLine()
    {
        (await _cli.RunAsync(_root, "site", "init", "rm-site")).Succeeded();
        (await _cli.RunAsync(_root, "app", "add", "--site", "rm-site", "-n", "Gone", "-c", "true")).Succeeded();

        (await _cli.RunAsync(_root, "app", "rm", "--site", "rm-site", "Gone")).Succeeded();

        var again = (await _cli.RunAsync(_root, "app", "rm", "--site", "rm-site", "Gone")).Failed(1);
        Assert.AreEqual("error: App 'Gone' at site 'rm-site' does not exist", again.Error.Trim());
        var ls = (await _cli.RunAsync(_root, "app", "ls", "--site", "rm-site")).Succeeded();
        Assert.DoesNotContain("Gone", ls.Out);
    }
}
