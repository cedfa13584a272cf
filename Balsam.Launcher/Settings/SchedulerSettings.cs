using Balsam.Launcher.Scheduling;

namespace Balsam.Launcher.Settings;

/// <summary><c>scheduler</c>: the site agent's scheduler service, which submits, syncs and deletes batch jobs.</summary>
public sealed record SchedulerSettings
{
    /// <summary>One of <see cref="BatchSchedulers.Names"/>.</summary>
    public string SchedulerClass { get; init; } = SchedulerClasses.Local;

    /// <summary>Seconds between syncs with the scheduler.</summary>
    public int SyncPeriod { get; init; } = 10;

    /// <summary>Queues batch jobs may use, with their limits.</summary>
    public Dictionary<string, QueueSettings> AllowedQueues { get; init; } = [];

    /// <summary>Projects (allocations, accounts) batch jobs may charge.</summary>
    public List<string> AllowedProjects { get; init; } = [];

    /// <summary>Extra job-template parameters a batch job may set (<c>queue submit -x name=value</c>), with their defaults.</summary>
    public Dictionary<string, string> OptionalBatchJobParams { get; init; } = [];

    /// <summary>The batch-job script template, relative to the site folder (or absolute).</summary>
    public string JobTemplatePath { get; init; } = "job-template.sh";
}
