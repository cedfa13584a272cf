namespace Balsam.Jobs;

/// <summary>A job to create: which app at which site, where it works, and with what.</summary>
[GenerateSerializer, Alias("balsam.JobSpec")]
public sealed record JobSpec
{
    [Id(0)] public required long SiteId { get; init; }

    /// <summary>The app's class name at the site.</summary>
    [Id(1)] public required string AppName { get; init; }

    /// <summary>Relative to the site's <c>data/</c> folder; unique within one bulk create.</summary>
    [Id(2)] public required string Workdir { get; init; }

    /// <summary>Parameter values as JSON literals: <c>{"x": "5", "name": "\"world\""}</c>.</summary>
    [Id(3)] public Dictionary<string, string> Parameters { get; init; } = [];

    [Id(4)] public Dictionary<string, string> Tags { get; init; } = [];

    /// <summary>Free data: a JSON object.</summary>
    [Id(5)] public string Data { get; init; } = "{}";

    [Id(6)] public JobResources Resources { get; init; } = JobResources.Default;

    [Id(7)] public List<long> ParentIds { get; init; } = [];

    /// <summary>Slot name to <c>alias:/absolute/path</c>.</summary>
    [Id(8)] public Dictionary<string, string> Transfers { get; init; } = [];
}
