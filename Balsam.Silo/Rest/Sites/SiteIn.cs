namespace Balsam.Silo.Rest.Sites;

/// <summary>
/// Balsam's <c>SiteCreate</c> and <c>SiteUpdate</c> in one: every field optional here; a create then requires
/// <c>name</c> and <c>path</c>, an update changes only the fields it sends.
/// </summary>
internal sealed record SiteIn
{
    public string? Name { get; init; }

    public string? Path { get; init; }

    public Guid? GlobusEndpointId { get; init; }

    public Dictionary<string, List<BackfillWindowWire>>? BackfillWindows { get; init; }

    public Dictionary<string, QueuedJobWire>? QueuedJobs { get; init; }

    public Dictionary<string, string>? OptionalBatchJobParams { get; init; }

    public List<string>? AllowedProjects { get; init; }

    public Dictionary<string, AllowedQueueWire>? AllowedQueues { get; init; }

    public Dictionary<string, string>? TransferLocations { get; init; }
}
