using Balsam.Silo.Hosting;
using Orleans.TestingHost;

namespace Balsam.Tests.Integration.Infrastructure;

/// <summary>An in-process Orleans cluster with Balsam's real PostgreSQL storage providers on one test database.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private TestSilo(InProcessTestCluster cluster) => _cluster = cluster;

    public IClusterClient Client => _cluster.Client;

    public IGrainFactory Grains => _cluster.Client;

    /// <summary>Bulk create, queries and bulk updates.</summary>
    public Balsam.Jobs.IJobServiceGrain JobService => _cluster.Client.GetGrain<Balsam.Jobs.IJobServiceGrain>(0);

    public static async Task<TestSilo> StartAsync(
        string connectionString, Action<Balsam.Sessions.SessionExpiryOptions>? sessions = null, Action<Balsam.Silo.Storage.BalsamPostgresOptions>? tuning = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        // Grain storage rows are keyed by service id: a fixed one lets a restarted cluster read what the first wrote.
        builder.Options.ServiceId = "balsam";
        builder.ConfigureSilo((_, silo) => silo
            .AddBalsamPostgres(postgres =>
            {
                postgres.ConnectionString = connectionString;
                tuning?.Invoke(postgres);
            })
            .AddBalsamGrains(sessions));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TestSilo(cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
