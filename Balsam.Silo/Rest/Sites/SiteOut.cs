namespace Balsam.Silo.Rest.Sites;

/// <summary>Balsam's <c>SiteOut</c>.</summary>
internal sealed record SiteOut
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public required string Path { get; init; }

    public Guid? GlobusEndpointId { get; init; }

    public Dictionary<string, List<BackfillWindowWire>> BackfillWindows { get; init; } = [];

    /// <summary>Keyed by scheduler id (JSON object keys are text).</summary>
    public Dictionary<string, QueuedJobWire> QueuedJobs { get; init; } = [];

    public Dictionary<string, string> OptionalBatchJobParams { get; init; } = [];

    public List<string> AllowedProjects { get; init; } = [];

    public Dictionary<string, AllowedQueueWire> AllowedQueues { get; init; } = [];

    public Dictionary<string, string> TransferLocations { get; init; } = [];

    public DateTimeOffset LastRefresh { get; init; }

    public DateTimeOffset CreationDate { get; init; }
}
