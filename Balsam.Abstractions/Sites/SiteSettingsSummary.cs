namespace Balsam.Sites;

/// <summary>What the service keeps of a site's <c>settings.yml</c>: what clients need to validate batch jobs and transfers.</summary>
[GenerateSerializer, Alias("balsam.SiteSettingsSummary")]
public sealed record SiteSettingsSummary
{
    [Id(0)] public int NumNodes { get; init; }

    [Id(1)] public List<string> AllowedProjects { get; init; } = [];

    [Id(2)] public Dictionary<string, QueuePolicy> AllowedQueues { get; init; } = [];

    /// <summary>Extra job-template parameters accepted by <c>queue submit -x</c>, with their defaults.</summary>
    [Id(3)] public Dictionary<string, string> OptionalBatchJobParams { get; init; } = [];

    /// <summary>Transfer location aliases: <c>{alias: protocol://netloc}</c>.</summary>
    [Id(4)] public Dictionary<string, string> TransferLocations { get; init; } = [];

    [Id(5)] public Guid? GlobusEndpointId { get; init; }

    /// <summary>The site's <c>filter_tags</c>: its agent submits only batch jobs whose filter tags include these.</summary>
    [Id(6)] public Dictionary<string, string> FilterTags { get; init; } = [];
}
