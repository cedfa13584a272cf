using Balsam.Silo.Hosting;
using Balsam.Silo.Postgres;
using Balsam.Silo.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.TestingHost;

namespace Balsam.Benchmarks;

/// <summary>A private PostgreSQL (durable: fsync on) and one in-process silo with the real storage.</summary>
public sealed class BenchmarkCluster : IAsyncDisposable
{
    private readonly string _folder;
    private readonly ManagedPostgres _postgres;
    private readonly InProcessTestCluster _cluster;

    private BenchmarkCluster(string folder, ManagedPostgres postgres, InProcessTestCluster cluster, string connectionString)
    {
        _folder = folder;
        _postgres = postgres;
        _cluster = cluster;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public IClusterClient Client => _cluster.Client;

    public static async Task<BenchmarkCluster> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("balsam-bench-").FullName;
        var postgres = await ManagedPostgres.StartAsync(new ManagedPostgresOptions { DataDirectory = Path.Combine(folder, "data") }, NullLogger.Instance);
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxPoolSize = 200 }.ConnectionString;
        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance);
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "balsam-bench";
        builder.ConfigureSilo((_, silo) => silo.UseBalsamPostgres(connectionString));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new BenchmarkCluster(folder, postgres, cluster, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        await _postgres.StopAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
