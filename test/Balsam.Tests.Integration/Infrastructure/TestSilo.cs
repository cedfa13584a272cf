using Balsam.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Balsam.Tests.Integration.Infrastructure;

/// <summary>An in-process Orleans cluster with Balsam's real PostgreSQL storage providers on one test database.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private TestSilo(InProcessTestCluster cluster, TestCaller caller, string connectionString)
    {
        _cluster = cluster;
        Caller = caller;
        ConnectionString = connectionString;
    }

    /// <summary>The test database.</summary>
    public string ConnectionString { get; }

    /// <summary>Whom the test client calls as (a real token of a real user of the test database).</summary>
    public TestCaller Caller { get; }

    /// <summary>The user the test client calls as; set it to act as another user.</summary>
    public string User
    {
        get => Caller.User;
        set => Caller.User = value;
    }

    public IClusterClient Client => _cluster.Client;

    public IGrainFactory Grains => _cluster.Client;

    /// <summary>Bulk create, queries and bulk updates.</summary>
    public Balsam.Jobs.IJobServiceGrain JobService => _cluster.Client.GetGrain<Balsam.Jobs.IJobServiceGrain>(0);

    /// <param name="connectionString">The test database.</param>
    /// <param name="sessions">Changes the session expiry.</param>
    /// <param name="tuning">Changes the store's options.</param>
    /// <param name="client">Changes the test client (after the test caller's filter is added).</param>
    public static async Task<TestSilo> StartAsync(
        string connectionString, Action<Balsam.Sessions.SessionExpiryOptions>? sessions = null, Action<Balsam.Silo.Storage.BalsamPostgresOptions>? tuning = null,
        Action<IClientBuilder>? client = null)
    {
        var caller = new TestCaller(connectionString);
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
        builder.ConfigureClient(testClient =>
        {
            testClient.Services.AddSingleton(caller);
            testClient.AddOutgoingGrainCallFilter<TestCallerFilter>();
            client?.Invoke(testClient);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TestSilo(cluster, caller, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
