namespace Balsam.Sites;

/// <summary>A site as stored by the service.</summary>
[GenerateSerializer, Alias("balsam.SiteInfo")]
public sealed record SiteInfo
{
    [Id(0)] public long Id { get; init; }

    [Id(1)] public required string Name { get; init; }

    [Id(2)] public required string Path { get; init; }

    [Id(3)] public required string Owner { get; init; }

    [Id(4)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last heartbeat of the site's agent; null until an agent has run.</summary>
    [Id(5)] public DateTimeOffset? LastRefresh { get; init; }

    [Id(6)] public SiteSettingsSummary Settings { get; init; } = new();

    /// <summary>Names of the apps registered at the site, sorted.</summary>
    [Id(7)] public List<string> AppNames { get; init; } = [];

    /// <summary>Backfill windows per queue, as the site's scheduler service last read them.</summary>
    [Id(8)] public Dictionary<string, List<BackfillWindow>> BackfillWindows { get; init; } = [];

    /// <summary>The site user's jobs in the batch scheduler, as the scheduler service last listed them.</summary>
    [Id(9)] public List<SchedulerJobStatus> QueuedJobs { get; init; } = [];

    /// <summary>The agent's services as of its last heartbeat.</summary>
    [Id(10)] public List<SiteServiceHealth> Services { get; init; } = [];

    /// <summary>What is wrong with the agent's services now (empty: nothing known to be wrong).</summary>
    public IReadOnlyList<string> ServiceProblems(DateTimeOffset now) =>
        IsActive(now) ? Services.Select(s => s.Problem(now)).OfType<string>().ToList() : [];

    /// <summary>A site is active when its agent reported within this span.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(2);

    public bool IsActive(DateTimeOffset now) => LastRefresh is { } seen && now - seen <= ActiveWindow;
}
