using Balsam.Sites;

namespace Balsam.Launcher.Settings;

/// <summary>
/// A site's <c>settings.yml</c> (SPEC §9). Every key has a default, so an empty file is valid. The site agent's services
/// are on unless set to null: <see cref="Scheduler"/>, <see cref="Processing"/> and <see cref="Transfers"/> are on by
/// default; <see cref="ElasticQueue"/> and <see cref="FileCleaner"/> are off by default. Load with <see cref="SettingsLoader"/>.
/// </summary>
public sealed record SiteSettings
{
    public static SiteSettings Default { get; } = new();

    public LoggingSettings Logging { get; init; } = new();

    /// <summary>Only jobs with all these tags are processed here, and batch jobs submitted from here carry them.</summary>
    public Dictionary<string, string> FilterTags { get; init; } = [];

    public LauncherSettings Launcher { get; init; } = new();

    /// <summary>Which uploaded app code runs here.</summary>
    public AppsSettings Apps { get; init; } = new();

    /// <summary>Null: no scheduler service (no batch jobs are submitted or synced).</summary>
    public SchedulerSettings? Scheduler { get; init; } = new();

    /// <summary>Null: no processing service (no hooks run).</summary>
    public ProcessingSettings? Processing { get; init; } = new();

    /// <summary>Null: no transfer service.</summary>
    public TransferSettings? Transfers { get; init; } = new();

    /// <summary>Null (the default): no automatic batch-job submission.</summary>
    public ElasticQueueSettings? ElasticQueue { get; init; }

    /// <summary>Null (the default): cleanup globs are not applied.</summary>
    public FileCleanerSettings? FileCleaner { get; init; }

    /// <summary>What the service keeps of these settings (registered with the site).</summary>
    public SiteSettingsSummary ToSummary() => new()
    {
        AllowedProjects = [.. Scheduler?.AllowedProjects ?? []],
        AllowedQueues = (Scheduler?.AllowedQueues ?? []).ToDictionary(
            q => q.Key, q => new QueuePolicy(q.Value.MaxNodes, q.Value.MaxWalltime, q.Value.MaxQueuedJobs)),
        OptionalBatchJobParams = new Dictionary<string, string>(Scheduler?.OptionalBatchJobParams ?? []),
        TransferLocations = new Dictionary<string, string>(Transfers?.TransferLocations ?? []),
        GlobusEndpointId = Transfers?.GlobusEndpointId,
        FilterTags = new Dictionary<string, string>(FilterTags),
    };
}
