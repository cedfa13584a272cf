using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Balsam.Client;
using Balsam.Http;
using Balsam.Silo.Hosting;

namespace Balsam.Tests.Integration.Cli;

/// <summary>
/// <c>balsam job ls</c>, <c>site ls</c> and <c>app ls</c> over the silo's HTTP query routes: the same output, errors and user scope as through the
/// gateway, proved with the gateway unreachable; and the gateway still answers when the HTTP port does not.
/// </summary>
[TestClass]
public sealed class CliHttpListingTests
{
    private const string DeadGateway = "127.0.0.1:1";
    private static CliTestSilo _silo = null!;
    private static string _root = null!;
    private static BalsamCliRunner _overGateway = null!;
    private static BalsamCliRunner _overHttpOnly = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("cli_http", dashboard: true);
        _root = Directory.CreateTempSubdirectory("balsam-cli-http-").FullName;
        var home = Path.Combine(_root, "home");
        _overGateway = new BalsamCliRunner(_silo, home);
        _overHttpOnly = new BalsamCliRunner(_silo, home);
        _overHttpOnly.ProcessEnvironment[BalsamClientOptions.GatewayVariable] = DeadGateway;
        _overHttpOnly.ProcessEnvironment[BalsamClientOptions.HttpVariable] = _silo.DashboardUrl.ToString();

        foreach (var site in new[] { "http-site", "other-site" })
        {
            (await _overGateway.RunAsync(_root, "site", "init", site)).Succeeded();
            (await _overGateway.RunAsync(_root, "app", "add", "--site", site, "--name", "Hello", "--command", "echo Hello, {{ who }}!")).Succeeded();
        }

        for (var i = 0; i < 5; i++)
        {
            (await _overGateway.RunAsync(Path.Combine(_root, "http-site"), "job", "create", "--app", "Hello", "--workdir", $"w/{i}",
                "-p", $"who=n{i}", "--tag", $"exp={(i % 2 == 0 ? "even" : "odd")}", "--num-nodes", $"{1 + i % 2}")).Succeeded();
        }

        (await _overGateway.RunAsync(Path.Combine(_root, "other-site"), "job", "create", "--app", "Hello", "--workdir", "elsewhere", "-p", "who=x")).Succeeded();

        var bob = new BalsamCliRunner(_silo, Path.Combine(_root, "bob-home"), "bob");
        (await bob.RunAsync(_root, "site", "init", "bob-site")).Succeeded();
        (await bob.RunAsync(_root, "app", "add", "--site", "bob-site", "--name", "Hello", "--command", "echo {{ who }}")).Succeeded();
        (await bob.RunAsync(Path.Combine(_root, "bob-site"), "job", "create", "--app", "Hello", "--workdir", "bobs-work", "-p", "who=bob")).Succeeded();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    [DataRow("", new[] { "job", "ls" })]
    [DataRow("", new[] { "job", "ls", "--json" })]
    [DataRow("", new[] { "job", "ls", "--count" })]
    [DataRow("", new[] { "job", "ls", "--tag", "exp=even", "--limit", "2", "--order", "-workdir" })]
    [DataRow("", new[] { "job", "ls", "--offset", "2", "--limit", "2" })]
    [DataRow("", new[] { "job", "ls", "--site", "other-site" })]
    [DataRow("", new[] { "job", "ls", "--site", "all", "--state", "PREPROCESSED", "--order", "num_nodes" })]
    [DataRow("", new[] { "job", "ls", "--site", "http-site,other-site", "--workdir", "w/" })]
    [DataRow("http-site", new[] { "job", "ls" })]
    [DataRow("http-site", new[] { "job", "ls", "--site", "all", "--count" })]
    [DataRow("other-site", new[] { "job", "ls", "--json" })]
    [DataRow("", new[] { "job", "ls", "--site", "bob-site" })]
    [DataRow("", new[] { "job", "ls", "--state", "SOMEWHERE" })]
    [DataRow("", new[] { "job", "ls", "--tag", "exp=none" })]
    [DataRow("", new[] { "job", "ls", "--offset", "40" })]
    [DataRow("", new[] { "job", "ls", "--count", "--order", "bogus" })]
    [DataRow("", new[] { "job", "ls", "--limit", "0" })]
    [DataRow("", new[] { "site", "ls" })]
    [DataRow("", new[] { "site", "ls", "--verbose" })]
    [DataRow("", new[] { "app", "ls" })]
    [DataRow("", new[] { "app", "ls", "--verbose" })]
    [DataRow("other-site", new[] { "app", "ls" })]
    [DataRow("", new[] { "app", "ls", "--site", "bob-site" })]
    public async Task TheListingOverHttpIsTheListingThroughTheGateway(string folder, string[] args)
    {
        var where = Path.Combine(_root, folder);
        var gateway = await _overGateway.RunProcessAsync(where, args);
        var http = await _overHttpOnly.RunProcessAsync(where, args);
        Assert.AreEqual(gateway.ExitCode, http.ExitCode, $"{gateway}\n{http}");
        Assert.AreEqual(gateway.Out, http.Out, $"{gateway}\n{http}");
        Assert.AreEqual(gateway.Error, http.Error, $"{gateway}\n{http}");
    }

    [TestMethod]
    public async Task AUserSeesOnlyTheirOwnJobsOverHttp()
    {
        var all = (await _overHttpOnly.RunProcessAsync(_root, "job", "ls", "--site", "all")).Succeeded();
        StringAssert.Contains(all.Out, "elsewhere");
        Assert.DoesNotContain("bobs-work", all.Out, all.ToString());
        Assert.AreEqual("6", (await _overHttpOnly.RunProcessAsync(_root, "job", "ls", "--count")).Succeeded().Out.Trim());
    }

    [TestMethod]
    public async Task TheGatewayAnswersWhenTheHttpPortDoesNot()
    {
        var fallback = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        fallback.ProcessEnvironment[BalsamClientOptions.HttpVariable] = $"http://127.0.0.1:{FreePort.Next()}/";
        var expected = (await _overGateway.RunProcessAsync(_root, "job", "ls", "--tag", "exp=odd")).Succeeded();
        var answered = (await fallback.RunProcessAsync(_root, "job", "ls", "--tag", "exp=odd")).Succeeded();
        Assert.AreEqual(expected.Out, answered.Out);
        Assert.DoesNotContain("query routes", answered.Error, "silent unless asked");

        fallback.ProcessEnvironment[BalsamClientOptions.LogLevelVariable] = "Debug";
        var told = (await fallback.RunProcessAsync(_root, "job", "ls", "--tag", "exp=odd")).Succeeded();
        StringAssert.Contains(told.Error, "did not answer");
        StringAssert.Contains(told.Error, "asking the gateway");
    }

    [TestMethod]
    public async Task AQueryTheServiceRefusesIsReportedAsTheGatewayReportsIt()
    {
        // The query routes answer a refusal with 400; the command then asks the gateway, whose refusal names the field.
        var both = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        both.ProcessEnvironment[BalsamClientOptions.HttpVariable] = _silo.DashboardUrl.ToString();
        var expected = await _overGateway.RunProcessAsync(_root, "job", "ls", "--limit", "0", "--offset=-1");
        var answered = await both.RunProcessAsync(_root, "job", "ls", "--limit", "0", "--offset=-1");
        StringAssert.Contains(answered.Error, "offset: must be zero or more");
        Assert.AreEqual(expected.ExitCode, answered.ExitCode);
        Assert.AreEqual(expected.Error, answered.Error);
    }

    [TestMethod]
    public async Task AnHttpPortThatNeverAnswersCostsTheBudgetThenTheGatewayAnswers()
    {
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the kernel's backlog) and never answers
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var stalled = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        stalled.ProcessEnvironment[BalsamClientOptions.HttpVariable] = $"http://127.0.0.1:{port}/";
        var expected = (await _overGateway.RunProcessAsync(_root, "job", "ls", "--tag", "exp=even")).Succeeded();
        var answered = (await stalled.RunProcessAsync(_root, "job", "ls", "--tag", "exp=even")).Succeeded();
        Assert.AreEqual(expected.Out, answered.Out);
        Assert.IsLessThan(expected.Elapsed + Balsam.Launcher.Cli.CliContext.HttpBudget + TimeSpan.FromSeconds(10), answered.Elapsed,
            "one budget for every request over HTTP, not one per request");
    }

    [TestMethod]
    public async Task TheAppsOfAnotherUsersSiteAreNotFound()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_silo.DashboardUrl.ToString()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _silo.TokenFor("bob"));
        var bobsSite = JsonDocument.Parse(await http.GetStringAsync(QueryApi.SitesPath.TrimStart('/'))).RootElement.EnumerateArray().Single();
        Assert.AreEqual("bob-site", bobsSite.GetProperty("name").GetString());
        var id = bobsSite.GetProperty("id").GetInt64();
        using (var own = await http.GetAsync($"{QueryApi.AppsPath.TrimStart('/')}?site_id={id}"))
        {
            StringAssert.Contains(await own.Content.ReadAsStringAsync(), "\"name\":\"Hello\"");
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _silo.TokenFor(CliTestSilo.DefaultUser));
        using var foreign = await http.GetAsync($"{QueryApi.AppsPath.TrimStart('/')}?site_id={id}");
        Assert.AreEqual(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [TestMethod]
    public async Task TheQueryRoutesRefuseCallsWithoutATokenAndNameABadBody()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_silo.DashboardUrl.ToString()) };
        using (var anonymous = await http.GetAsync(QueryApi.SitesPath.TrimStart('/')))
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _silo.TokenFor(CliTestSilo.DefaultUser));
        using var bad = await http.PostAsync(QueryApi.JobsPath.TrimStart('/'), new StringContent("{\"states\": [\"NOWHERE\"]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        StringAssert.Contains(await bad.Content.ReadAsStringAsync(), "The body is not a job query");
    }
}
