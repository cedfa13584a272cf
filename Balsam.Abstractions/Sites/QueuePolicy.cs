namespace Balsam.Sites;

/// <summary>Limits of one scheduler queue a site allows (SPEC §1 <c>allowed_queues</c>).</summary>
[GenerateSerializer, Alias("balsam.QueuePolicy")]
public sealed record QueuePolicy(
    [property: Id(0)] int MaxNodes,
    [property: Id(1)] int MaxWalltimeMin,
    [property: Id(2)] int MaxQueuedJobs);
