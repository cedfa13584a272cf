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

    public static async Task<CliTestSilo> StartAsync(string databasePrefix, bool dashboard = false)
    {
        var options = new BalsamSiloOptions
        {
            ConnectionString = await TestPostgres.CreateDatabaseAsync(databasePrefix),
            GatewayPort = FreePort.Next(),
            SiloPort = FreePort.Next(),
            DashboardPort = dashboard ? FreePort.Next() : 0,
            WriteServiceFile = false,
        };
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

    /// <summary>An SDK client of this silo for the given user.</summary>
    public Task<BalsamClient> ConnectAsync(string? userName = null) =>
        BalsamClient.ConnectAsync(ClientOptions(userName));

    public BalsamClientOptions ClientOptions(string? userName = null) => new()
    {
        Gateway = Gateway,
        UserName = userName,
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
