using Balsam.Auth;
using Balsam.Launcher.Cli;
using Balsam.Silo.Auth;

namespace Balsam.Tests.Integration.Cli;

/// <summary>
/// Users and login against a real silo and PostgreSQL: <c>balsam-silo user add|rm|ls|passwd</c> on the silo's database,
/// then <c>balsam login|whoami|logout</c> with passwords on standard input, the token file, expiry and revocation.
/// </summary>
[TestClass]
public sealed class CliAuthTests
{
    private const string Password = "correct horse battery";
    private static CliTestSilo _silo = null!;
    private static string _root = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await CliTestSilo.StartAsync("cli_auth");
        _root = Directory.CreateTempSubdirectory("balsam-cli-auth-").FullName;
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    public async Task AnAddedUserLogsInGetsAnOwnerOnlyTokenFileIsShownByWhoAmIAndLogsOut()
    {
        (await SiloUserAsync(Password, "add", "alice", "--password-stdin")).Succeeded();
        var home = NewHome();

        var login = (await BalsamAsync(home, Password, "login", "--user", "alice", "--password-stdin")).Succeeded();
        StringAssert.Contains(login.Out, "Logged in as alice");
        var tokenFile = Path.Combine(home, "token");
        Assert.IsTrue(File.Exists(tokenFile), login.ToString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home),
                "the Balsam home is created owner-only");
        }

        var token = File.ReadAllText(tokenFile).Trim();
        Assert.AreEqual(43, token.Length);
        Assert.DoesNotContain(token, login.Out, "the token is not printed");

        var whoami = (await BalsamAsync(home, null, "whoami")).Succeeded();
        Assert.AreEqual("alice", whoami.Out.Split('\n')[0].Trim());
        StringAssert.Contains(whoami.Out, "token expires");

        var logout = (await BalsamAsync(home, null, "logout")).Succeeded();
        StringAssert.Contains(logout.Out, "revoked");
        Assert.IsFalse(File.Exists(tokenFile), "logout deletes the token file");
        StringAssert.Contains((await BalsamAsync(home, null, "whoami")).Failed(ExitCodes.UserError).Error, "Not logged in");

        await using var client = await _silo.ConnectAsync();
        Assert.IsNull(await client.Cluster.GetGrain<IAuthGrain>(0).WhoAmIAsync(token), "a revoked token is not accepted");
    }

    [TestMethod]
    public async Task AWrongPasswordAndAnUnknownUserGetTheSameMessage()
    {
        (await SiloUserAsync(Password, "add", "bob", "--password-stdin")).Succeeded();
        var home = NewHome();
        var wrong = (await BalsamAsync(home, "not the password", "login", "--user", "bob", "--password-stdin")).Failed(ExitCodes.UserError);
        var unknown = (await BalsamAsync(home, Password, "login", "--user", "nobody", "--password-stdin")).Failed(ExitCodes.UserError);
        Assert.AreEqual($"error: {BalsamAuthenticationException.WrongCredentials}", wrong.Error.Trim());
        Assert.AreEqual(wrong.Error, unknown.Error, "an unknown user is not told apart from a wrong password");
        Assert.IsFalse(File.Exists(Path.Combine(home, "token")));
    }

    [TestMethod]
    public async Task AnExpiredTokenIsNotAccepted()
    {
        (await SiloUserAsync(Password, "add", "erin", "--password-stdin")).Succeeded();
        await using var client = await _silo.ConnectAsync();
        var auth = client.Cluster.GetGrain<IAuthGrain>(0);
        var issued = await auth.LoginAsync("erin", Password, TimeSpan.FromSeconds(1));
        Assert.IsLessThan(DateTimeOffset.UtcNow.AddSeconds(30), issued.ExpiresAt, "a login may ask for a short life");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.IsNull(await auth.WhoAmIAsync(issued.Token), "an expired token is not accepted");
        Assert.IsFalse(await auth.LogoutAsync(issued.Token), "an expired token cannot be revoked either");

        var longLived = await auth.LoginAsync("erin", Password, TimeSpan.FromDays(3650));
        Assert.IsLessThan(DateTimeOffset.UtcNow.AddDays(31), longLived.ExpiresAt, "no login outlives the service's token lifetime");

        var home = NewHome();
        (await BalsamAsync(home, Password, "login", "--user", "erin", "--password-stdin", "--ttl", "1s")).Succeeded();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        StringAssert.Contains((await BalsamAsync(home, null, "whoami")).Failed(ExitCodes.UserError).Error, "expired");
    }

    [TestMethod]
    public async Task UserLsListsUsersAndUserRmRemovesThemAndTheirTokens()
    {
        (await SiloUserAsync(Password, "add", "carol", "--password-stdin")).Succeeded();
        StringAssert.Contains((await SiloUserAsync(Password, "add", "carol", "--password-stdin")).Failed(1).Error, "already exists");
        StringAssert.Contains((await SiloUserAsync("short", "add", "dave", "--password-stdin")).Failed(1).Error, "at least 8");
        StringAssert.Contains((await SiloUserAsync("", "add", "dave", "--password-stdin")).Failed(1).Error, "empty");
        StringAssert.Contains((await SiloUserAsync(Password, "add", "../dave", "--password-stdin")).Failed(1).Error, "not valid");
        StringAssert.Contains((await SiloUserAsync(null, "add", "dave")).Failed(1).Error, "--password-stdin");

        await using var client = await _silo.ConnectAsync();
        var token = (await client.Cluster.GetGrain<IAuthGrain>(0).LoginAsync("carol", Password)).Token;
        var ls = (await SiloUserAsync(null, "ls")).Succeeded();
        var row = ls.Out.Split('\n').Single(line => line.StartsWith("carol ", StringComparison.Ordinal));
        Assert.AreEqual("1", row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], "one live token\n" + ls);
        Assert.DoesNotContain("dave", ls.Out);

        (await SiloUserAsync(null, "rm", "carol")).Succeeded();
        Assert.DoesNotContain("carol", (await SiloUserAsync(null, "ls")).Succeeded().Out);
        Assert.IsNull(await client.Cluster.GetGrain<IAuthGrain>(0).WhoAmIAsync(token), "a removed user's tokens stop working");
        StringAssert.Contains((await SiloUserAsync(null, "rm", "carol")).Failed(1).Error, "Unknown user 'carol'");
    }

    [TestMethod]
    public async Task PasswdChangesThePasswordAndRevokesTheTokens()
    {
        (await SiloUserAsync(Password, "add", "frank", "--password-stdin")).Succeeded();
        await using var client = await _silo.ConnectAsync();
        var auth = client.Cluster.GetGrain<IAuthGrain>(0);
        var old = await auth.LoginAsync("frank", Password);
        Assert.AreEqual("frank", (await auth.WhoAmIAsync(old.Token))?.UserName);

        (await SiloUserAsync("a new password", "passwd", "frank", "--password-stdin")).Succeeded();
        Assert.IsNull(await auth.WhoAmIAsync(old.Token), "a password change revokes the tokens");
        await Assert.ThrowsExactlyAsync<BalsamAuthenticationException>(() => auth.LoginAsync("frank", Password));
        Assert.AreEqual("frank", (await auth.WhoAmIAsync((await auth.LoginAsync("frank", "a new password")).Token))?.UserName);
        StringAssert.Contains((await SiloUserAsync(Password, "passwd", "nobody", "--password-stdin")).Failed(1).Error, "Unknown user");
    }

    [TestMethod]
    public async Task TheClientSendsTheTokenWithEveryCallAndPicksUpARenewedTokenFile()
    {
        (await SiloUserAsync(Password, "add", "grace", "--password-stdin")).Succeeded();
        (await SiloUserAsync(Password, "add", "heidi", "--password-stdin")).Succeeded();
        var home = NewHome();
        await using var client = await Balsam.Client.BalsamClient.ConnectAsync(_silo.ClientOptions() with { BalsamHome = home, Token = null });
        var auth = client.Cluster.GetGrain<IAuthGrain>(0);
        Assert.IsNull(await auth.CallerAsync(), "no token yet: calls still work, they carry none");

        (await BalsamAsync(home, Password, "login", "--user", "grace", "--password-stdin")).Succeeded();
        Assert.AreEqual("grace", (await WaitForCallerAsync(auth, "grace"))?.UserName, "the token file written after connecting is picked up");
        Assert.AreEqual("@" + Path.Combine(home, "token"), client.TokenEnvironmentValue, "processes the site starts read the same file");

        (await BalsamAsync(home, Password, "login", "--user", "heidi", "--password-stdin")).Succeeded();
        Assert.AreEqual("heidi", (await WaitForCallerAsync(auth, "heidi"))?.UserName, "a renewed token file is picked up without a restart");

        await using var explicitToken = await Balsam.Client.BalsamClient.ConnectAsync(
            _silo.ClientOptions() with { BalsamHome = home, Token = (await auth.LoginAsync("grace", Password)).Token });
        Assert.AreEqual("grace", (await explicitToken.Cluster.GetGrain<IAuthGrain>(0).CallerAsync())?.UserName);
    }

    [TestMethod]
    public async Task WithoutALoginACommandSaysToLogInAndAnExpiredLoginSaysSoToo()
    {
        var home = NewHome();
        var refused = (await BalsamAsync(home, null, "site", "ls")).Failed(ExitCodes.UserError);
        Assert.AreEqual($"error: {AuthContext.NotLoggedIn}", refused.Error.Trim());

        (await SiloUserAsync(Password, "add", "ivan", "--password-stdin")).Succeeded();
        (await BalsamAsync(home, Password, "login", "--user", "ivan", "--password-stdin", "--ttl", "1s")).Succeeded();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var expired = (await BalsamAsync(home, null, "job", "ls")).Failed(ExitCodes.UserError);
        Assert.AreEqual($"error: {AuthContext.TokenRefused}", expired.Error.Trim());
    }

    private static async Task<TokenIdentity?> WaitForCallerAsync(IAuthGrain auth, string userName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        TokenIdentity? caller;
        while ((caller = await auth.CallerAsync())?.UserName != userName && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return caller;
    }

    private static string NewHome() => Path.Combine(_root, Guid.NewGuid().ToString("N"), "home");

    /// <summary><c>balsam-silo user ...</c> on the test silo's database, with <paramref name="input"/> as standard input.</summary>
    private static async Task<CliRun> SiloUserAsync(string? input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] all = [.. args, "--connection-string", _silo.Options.ConnectionString!];
        var code = await UserCommands.RunAsync(all, new StringReader(input is null ? "" : input + "\n"), output, error, canPrompt: false);
        return new CliRun(["balsam-silo", "user", .. args], code, output.ToString(), error.ToString(), TimeSpan.Zero);
    }

    /// <summary><c>balsam ...</c> through its entry point, with its own Balsam home and <paramref name="input"/> as standard input.</summary>
    private static async Task<CliRun> BalsamAsync(string home, string? input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext
        {
            Out = output,
            Error = error,
            In = new StringReader(input is null ? "" : input + "\n"),
            WorkingDirectory = _root,
            ClientOptions = _silo.ClientOptions() with { BalsamHome = home, Token = null }, // the home's token file
        };
        var code = await BalsamCli.RunAsync(args, context);
        return new CliRun(args, code, output.ToString(), error.ToString(), TimeSpan.Zero);
    }
}
