using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Infrastructure;
using Balsam.Users;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>A site with a few apps on a test silo, and short-hands to create and move jobs.</summary>
public sealed class JobWorld(TestSilo silo, long siteId)
{
    public const string Echo = "Echo";
    public const string Staged = "Staged";
    public const string Hooked = "Hooked";

    public TestSilo Silo { get; } = silo;

    public long SiteId { get; } = siteId;

    public IJobServiceGrain Jobs => Silo.JobService;

    public ISiteGrain Site => Silo.Grains.GetGrain<ISiteGrain>(SiteId);

    public static async Task<JobWorld> CreateAsync(TestSilo silo, string owner = "jobs-user", string siteName = "job-site")
    {
        silo.User = owner;
        var site = await silo.Grains.GetGrain<IUserGrain>(owner).CreateSiteAsync(new SiteSpec
        {
            Name = siteName,
            Path = "/scratch/job-site",
            Settings = new SiteSettingsSummary { TransferLocations = { ["laptop"] = "rsync://me@laptop" } },
        });
        var grain = silo.Grains.GetGrain<ISiteGrain>(site.Id);
        await grain.RegisterAppAsync(new AppDefinition
        {
            Name = Echo,
            CommandTemplate = "echo {{ msg }}",
            Parameters = { ["msg"] = AppParameter.Optional("\"hi\"") },
        });
        await grain.RegisterAppAsync(new AppDefinition
        {
            Name = Staged,
            CommandTemplate = "wc -l input.txt > out.txt",
            Transfers =
            {
                ["input"] = new TransferSlot { Required = true, Direction = TransferDirection.In, LocalPath = "input.txt" },
                ["output"] = new TransferSlot { Direction = TransferDirection.Out, LocalPath = "out.txt" },
            },
        });
        await grain.RegisterAppAsync(new AppDefinition
        {
            Name = Hooked,
            CommandTemplate = "simulate {{ n }}",
            OverriddenHooks = AppHooks.Preprocess | AppHooks.Postprocess | AppHooks.HandleError | AppHooks.HandleTimeout,
        });
        return new JobWorld(silo, site.Id);
    }

    public JobSpec Spec(string workdir, string app = Echo, IEnumerable<long>? parents = null, Dictionary<string, string>? tags = null,
        Dictionary<string, string>? parameters = null, JobResources? resources = null) => new()
    {
        SiteId = SiteId,
        AppName = app,
        Workdir = workdir,
        ParentIds = parents?.ToList() ?? [],
        Tags = tags ?? [],
        Parameters = parameters ?? (app == Hooked ? new() { ["n"] = "1" } : []),
        Resources = resources ?? JobResources.Default,
    };

    public async Task<JobRecord> CreateAsync(JobSpec spec) => (await Jobs.CreateAsync([spec])).Single();

    public IJobGrain Job(long id) => Silo.Grains.GetGrain<IJobGrain>(id);

    public Task<JobRecord> MoveAsync(long id, JobState state, string? data = null) => Job(id).UpdateAsync(JobPatch.ToState(state, data));

    /// <summary>A launcher's report through the session that holds the job.</summary>
    public Task<JobRecord> ReportAsync(long id, long sessionId, JobState state) =>
        Job(id).UpdateAsync(new JobPatch { State = state, SessionId = sessionId });

    public async Task<ISessionGrain> OpenSessionAsync() => Silo.Grains.GetGrain<ISessionGrain>((await Site.OpenSessionAsync(null)).Id);

    /// <summary>What a launcher does with a job it acquired: run it and report the exit.</summary>
    public async Task<JobRecord> RunAsync(long id, long sessionId, bool succeed = true)
    {
        await Job(id).UpdateAsync(new JobPatch { State = JobState.Running, SessionId = sessionId });
        return await Job(id).UpdateAsync(new JobPatch { State = succeed ? JobState.RunDone : JobState.RunError, SessionId = sessionId });
    }

    public async Task<List<(JobState From, JobState To)>> EventsAsync(long id) =>
        (await Jobs.EventsAsync(new EventQuery { JobIds = [id] })).Select(e => (e.From, e.To)).ToList();

    /// <summary>The events stored for these job ids, read from the table itself (the service's event queries join the jobs).</summary>
    public async Task<long> StoredEventCountAsync(IEnumerable<long> jobIds) =>
        (long)(await Hosting.HostingFixtures.ScalarAsync(Silo.ConnectionString,
            $"SELECT count(*) FROM job_events WHERE job_id = ANY('{{{string.Join(',', jobIds)}}}'::bigint[])"))!;
}
