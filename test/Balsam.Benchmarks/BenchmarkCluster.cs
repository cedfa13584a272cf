using Balsam.Client;
using Balsam.Client.Connection;
using Balsam.Silo.Hosting;
using Balsam.Silo.Postgres;
using Balsam.Silo.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Balsam.Benchmarks;

/// <summary>
/// A private PostgreSQL (durable: fsync on), the real silo host on free ports, and a real client over TCP: what a user's
/// program sees, on one machine.
/// </summary>
public sealed class BenchmarkCluster : IAsyncDisposable
{
    private readonly string _folder;
    private readonly ManagedPostgres _postgres;
    private readonly CancellationTokenSource _stop;
    private readonly Task _silo;
    private readonly BalsamClient _client;

    private BenchmarkCluster(string folder, ManagedPostgres postgres, CancellationTokenSource stop, Task silo, BalsamClient client, string connectionString, string gateway)
    {
        _folder = folder;
        _postgres = postgres;
        _stop = stop;
        _silo = silo;
        _client = client;
        ConnectionString = connectionString;
        Gateway = gateway;
    }

    public string ConnectionString { get; }

    /// <summary>The silo's gateway, for more clients.</summary>
    public string Gateway { get; }

    public IClusterClient Client => _client.Cluster;

    public static async Task<BenchmarkCluster> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("balsam-bench-").FullName;
        var postgres = await ManagedPostgres.StartAsync(new ManagedPostgresOptions { DataDirectory = Path.Combine(folder, "data") }, NullLogger.Instance);
        var connectionString = postgres.ConnectionString;
        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance);
        await LogInAsync(connectionString, "bench");
        var options = new BalsamSiloOptions
        {
            ConnectionString = connectionString, GatewayPort = FreePort.Next(), SiloPort = FreePort.Next(), DashboardPort = 0, WriteServiceFile = false,
        };
        var stop = new CancellationTokenSource();
        var silo = Task.Run(() => SiloHost.RunAsync(options, stop.Token));
        var gateway = $"127.0.0.1:{options.GatewayPort}";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var client = await BalsamClient.ConnectAsync(new BalsamClientOptions { Gateway = gateway, UserName = "bench" });
                return new BenchmarkCluster(folder, postgres, stop, silo, client, connectionString, gateway);
            }
            catch (BalsamConnectionException) when (attempt < 200 && !silo.IsCompleted)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// Makes the benchmark's user and logs in for this process (<c>BALSAM_TOKEN</c>), so every client the benchmarks
    /// connect presents a real token to the silo's authentication filter, as a user's would.
    /// </summary>
    private static async Task LogInAsync(string connectionString, string user)
    {
        await using var data = Npgsql.NpgsqlDataSource.Create(connectionString);
        var store = new Balsam.Silo.Auth.AuthStore(data);
        await store.AddUserAsync(user, "benchmark password");
        var token = await store.IssueAsync(user, TimeSpan.FromDays(1));
        Environment.SetEnvironmentVariable(BalsamClientOptions.TokenVariable, token.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _stop.CancelAsync();
        await _silo;
        await _postgres.StopAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
