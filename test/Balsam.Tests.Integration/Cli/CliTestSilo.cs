using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Silo.Hosting;
using Balsam.Tests.Integration.Infrastructure;

namespace Balsam.Tests.Integration.Cli;

/// <summary>
/// The real silo host (<see cref="SiloHost"/>, as <c>balsam-silo</c> runs it) in this process, on a fresh test database,
/// with its gateway on a free TCP port so that a <c>balsam</c> process can reach it.
/// </summary>
public sealed class CliTestSilo : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _run;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<string>> _tokens = new();

    private CliTestSilo(BalsamSiloOptions options, CancellationTokenSource stop, Task run)
    {
        Options = options;
        _stop = stop;
        _run = run;
    }

    public BalsamSiloOptions Options { get; }

    /// <summary>The gateway as <c>127.0.0.1:port</c>, for <c>BALSAM_GATEWAY</c>.</summary>
    public string Gateway => $"{Options.Address}:{Options.GatewayPort}";

    /// <summary>The dashboard and status pages, when started with <c>dashboard: true</c>.</summary>
    public Uri DashboardUrl => new($"http://127.0.0.1:{Options.DashboardPort}");

    /// <param name="databasePrefix">Names the test database.</param>
    /// <param name="dashboard">Serves the HTTP port (REST API, status pages, dashboard) on a free port.</param>
    /// <param name="configure">Changes further options before the silo starts (e.g. <c>AllowRegistration</c>).</param>
    public static async Task<CliTestSilo> StartAsync(string databasePrefix, bool dashboard = false, Action<BalsamSiloOptions>? configure = null)
    {
        var options = new BalsamSiloOptions
        {
            ConnectionString = await TestPostgres.CreateDatabaseAsync(databasePrefix),
            GatewayPort = FreePort.Next(),
            SiloPort = FreePort.Next(),
            DashboardPort = dashboard ? FreePort.Next() : 0,
            WriteServiceFile = false,
        };
        configure?.Invoke(options);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => SiloHost.RunAsync(options, stop.Token));
        var silo = new CliTestSilo(options, stop, run);
        try
        {
            await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>The user a client acts as when a test names none: the operating-system user, as for a new user.</summary>
    public static string DefaultUser => Environment.UserName;

    /// <summary>An SDK client of this silo for the given user (made and logged in on first use).</summary>
    public Task<BalsamClient> ConnectAsync(string? userName = null) =>
        BalsamClient.ConnectAsync(ClientOptions(userName));

    /// <summary>A token of the user, made with the user on first use.</summary>
    public string TokenFor(string user) =>
        _tokens.GetOrAdd(user, name => TestUsers.TokenAsync(Options.ConnectionString!, name)).GetAwaiter().GetResult();

    /// <summary>Logs the user in for a Balsam home (its token file), as <c>balsam login</c> would.</summary>
    public void LogIn(string balsamHome, string? user = null) =>
        Balsam.Client.Auth.TokenFile.Write(Balsam.Client.Auth.TokenFile.PathIn(balsamHome), TokenFor(user ?? DefaultUser));

    public BalsamClientOptions ClientOptions(string? userName = null) => new()
    {
        Gateway = Gateway,
        UserName = userName,
        Token = TokenFor(userName ?? DefaultUser),
        BalsamHome = Path.Combine(Path.GetTempPath(), "balsam-test-no-home"),
        ConnectTimeout = TimeSpan.FromSeconds(45), // two cores shared with silos and PostgreSQL: be patient
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (_run.IsCompleted)
            {
                await _run; // surfaces the start-up failure
                throw new InvalidOperationException("The silo stopped before it was ready");
            }

            try
            {
                await using var client = await BalsamClient.ConnectAsync(ClientOptions() with { ConnectTimeout = TimeSpan.FromSeconds(5) });
                return;
            }
            catch (BalsamConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
