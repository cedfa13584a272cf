using System.Text.Json.Nodes;
using Balsam.Client;
using Balsam.Client.Jobs;
using Balsam.Client.Serialization;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;

namespace Balsam.Tests.Integration.Sdk;

/// <summary>
/// A real silo host on a free gateway port, one SDK client connected to it through <see cref="BalsamClient.ConnectAsync"/>,
/// and the user's site <see cref="SiteName"/> that the test apps name.
/// </summary>
public sealed class SdkWorld : IAsyncDisposable
{
    public const string SiteName = "sdk-apps";

    private SdkWorld(CliTestSilo silo, BalsamClient client, SiteInfo site)
    {
        Silo = silo;
        Client = client;
        Site = site;
    }

    public CliTestSilo Silo { get; }

    public BalsamClient Client { get; }

    public SiteInfo Site { get; }

    public static async Task<SdkWorld> StartAsync(string name)
    {
        var silo = await CliTestSilo.StartAsync(name);
        var client = await silo.ConnectAsync($"sdk-{name}");
        var site = await client.Sites.CreateAsync(new SiteSpec
        {
            Name = SiteName,
            Path = "/lus/sdk-apps",
            Settings = new SiteSettingsSummary { TransferLocations = { ["laptop"] = "rsync://me@laptop" } },
        });
        return new SdkWorld(silo, client, site);
    }

    public IJobGrain Grain(long id) => Client.Cluster.GetGrain<IJobGrain>(id);

    /// <summary>A launcher session that leases the runnable jobs carrying <paramref name="tag"/> (test=tag).</summary>
    public async Task<FakeLauncher> LauncherAsync(string tag)
    {
        var info = await Client.Cluster.GetGrain<ISiteGrain>(Site.Id).OpenSessionAsync(null);
        return new FakeLauncher(this, Client.Cluster.GetGrain<ISessionGrain>(info.Id), info.Id, tag);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Silo.DisposeAsync();
    }

    /// <summary>What a launcher and the processing service do to a job, played by the test.</summary>
    public sealed class FakeLauncher(SdkWorld world, ISessionGrain session, long sessionId, string tag) : IAsyncDisposable
    {
        /// <summary>Acquires the tagged runnable jobs and marks the given ones RUNNING.</summary>
        public async Task StartAsync(params IEnumerable<Job> jobs)
        {
            var leased = (await session.AcquireAsync(new AcquireRequest { MaxJobs = 10_000, FilterTags = { ["test"] = tag } }))
                .Select(j => j.Id).ToHashSet();
            foreach (var job in jobs)
            {
                Assert.Contains(job.Id, leased, $"job {job.Id} was not acquired");
                await world.Grain(job.Id).UpdateAsync(new JobPatch { State = JobState.Running, SessionId = sessionId });
            }
        }

        /// <summary>A Run app returned <paramref name="value"/>: rank 0 wrote it, the launcher reports RUN_DONE.</summary>
        public Task<JobRecord> ReturnAsync(Job job, object? value) =>
            world.Grain(job.Id).UpdateAsync(new JobPatch { State = JobState.RunDone, ReturnValue = BalsamJson.ToLiteral(value), ReturnCode = 0, SessionId = sessionId });

        /// <summary>A Run app threw: the exception is stored, the run errs, the default error hook fails the job.</summary>
        public async Task ThrowAsync(Job job, string type, string message)
        {
            var exception = new JsonObject { ["type"] = type, ["message"] = message, ["stackTrace"] = "   at Remote.Run()" };
            await world.Grain(job.Id).UpdateAsync(new JobPatch { State = JobState.RunError, Exception = exception.ToJsonString(), ReturnCode = 1, SessionId = sessionId });
            await world.Grain(job.Id).UpdateAsync(JobPatch.ToState(JobState.Failed));
        }

        /// <summary>A command exited non-zero and the default error hook failed the job, with the output's tail.</summary>
        public async Task ExitAsync(Job job, int code, string tail)
        {
            await world.Grain(job.Id).UpdateAsync(new JobPatch { State = JobState.RunError, ReturnCode = code, SessionId = sessionId });
            await world.Grain(job.Id).UpdateAsync(JobPatch.ToState(JobState.Failed, new JsonObject { ["message"] = tail }.ToJsonString()));
        }

        public Task FinishCommandAsync(Job job) =>
            world.Grain(job.Id).UpdateAsync(new JobPatch { State = JobState.RunDone, ReturnCode = 0, SessionId = sessionId });

        public async ValueTask DisposeAsync() => await session.CloseAsync();
    }
}
