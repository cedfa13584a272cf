namespace Balsam.Silo.Rest.Sites;

/// <summary>Balsam's <c>AllowedQueue</c> (<c>max_walltime</c> in minutes); all three required.</summary>
internal sealed record AllowedQueueWire(int MaxNodes, int MaxWalltime, int MaxQueuedJobs);
