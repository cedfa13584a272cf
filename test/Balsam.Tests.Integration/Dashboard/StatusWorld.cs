using System.Net;
using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;
using Balsam.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Balsam.Tests.Integration.Dashboard;

/// <summary>
/// The real silo host with its dashboard port, and a user's client of it that makes sites and jobs for the status page
/// tests and moves them the way a site agent and a launcher would.
/// </summary>
internal sealed class StatusWorld : IAsyncDisposable
{
    public const string User = "viewer";

    private readonly IHost _client;

    private StatusWorld(CliTestSilo silo, IHost client)
    {
        Silo = silo;
        _client = client;
        Grains = client.Services.GetRequiredService<IClusterClient>();
    }

    public CliTestSilo Silo { get; }

    public IClusterClient Grains { get; }

    public IJobServiceGrain Jobs => Grains.GetGrain<IJobServiceGrain>(0);

    public Uri Page(string pathAndQuery) => new(Silo.DashboardUrl, pathAndQuery);

    public static async Task<StatusWorld> StartAsync(string database)
    {
        var silo = await CliTestSilo.StartAsync(database, dashboard: true);
        var token = silo.TokenFor(User);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders(); // the gateway may still talk while the test disposes the client
        builder.UseOrleansClient(client =>
        {
            client.AddOutgoingGrainCallFilter(async call =>
            {
                RequestContext.Set(Balsam.Auth.AuthContext.TokenKey, token);
                await call.Invoke();
            });
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, silo.Options.GatewayPort));
            client.Configure<ClusterOptions>(o => { o.ClusterId = silo.Options.ClusterId; o.ServiceId = silo.Options.ServiceId; });
        });
        var host = builder.Build();
        await host.StartAsync();
        return new StatusWorld(silo, host);
    }

    public async Task<SiteInfo> CreateSiteAsync(string name, params AppDefinition[] apps)
    {
        var site = await Grains.GetGrain<IUserGrain>(User).CreateSiteAsync(new SiteSpec
        {
            Name = name,
            Path = $"/scratch/{name}",
            Settings = new SiteSettingsSummary { TransferLocations = { ["laptop"] = "rsync://me@laptop" } },
        });
        foreach (var app in apps)
        {
            await Grains.GetGrain<ISiteGrain>(site.Id).RegisterAppAsync(app);
        }

        return site;
    }

    public static AppDefinition Echo(string name = "Echo") => new() { Name = name, CommandTemplate = "echo {{ i }}" };

    public async Task<IReadOnlyList<JobRecord>> CreateJobsAsync(long siteId, int count, Func<int, JobSpec, JobSpec>? shape = null, string app = "Echo") =>
        await Jobs.CreateAsync([.. Enumerable.Range(0, count).Select(i =>
        {
            var spec = new JobSpec { SiteId = siteId, AppName = app, Workdir = $"{app.ToLowerInvariant()}/{i}", Parameters = new() { ["i"] = $"{i}" } };
            return shape is null ? spec : shape(i, spec);
        })]);

    public async Task MoveAsync(long jobId, JobState state, string? data = null) =>
        await Grains.GetGrain<IJobGrain>(jobId).UpdateAsync(JobPatch.ToState(state, data));

    /// <summary>Runs PREPROCESSED jobs as a launcher would: acquires them in a session and reports RUNNING, then <paramref name="end"/>.</summary>
    public async Task RunAsync(long siteId, IReadOnlyList<long> jobIds, JobState? end = null, string? endData = null)
    {
        var session = await Grains.GetGrain<ISiteGrain>(siteId).OpenSessionAsync(null);
        var acquired = await Grains.GetGrain<ISessionGrain>(session.Id).AcquireAsync(new AcquireRequest { MaxJobs = jobIds.Count });
        Assert.IsTrue(jobIds.All(id => acquired.Any(j => j.Id == id)), "the session acquired the jobs");
        foreach (var id in jobIds)
        {
            await Grains.GetGrain<IJobGrain>(id).UpdateAsync(JobPatch.Report(session.Id, JobActor.Launcher, JobState.Running));
            if (end is { } state)
            {
                await Grains.GetGrain<IJobGrain>(id).UpdateAsync(JobPatch.Report(session.Id, JobActor.Launcher, state, endData));
            }
        }
    }

    /// <summary>Moves a RUN_DONE job on to JOB_FINISHED as the processing service would, past any step the service took itself.</summary>
    public async Task FinishAsync(long jobId)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while ((await Grains.GetGrain<IJobGrain>(jobId).GetAsync()).State is var state && state != JobState.JobFinished)
        {
            Assert.IsLessThan(deadline, DateTimeOffset.UtcNow, $"job {jobId} stays {state.Name()}");
            await (state switch
            {
                JobState.RunDone => MoveAsync(jobId, JobState.Postprocessed),
                JobState.Postprocessed => MoveAsync(jobId, JobState.JobFinished),
                _ => Task.Delay(100),
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        await Silo.DisposeAsync();
    }
}
