namespace Balsam.Launcher.Settings;

/// <summary>One entry of <c>scheduler.allowed_queues</c>: the limits of a scheduler queue batch jobs may use.</summary>
public sealed record QueueSettings
{
    /// <summary>Most nodes one batch job may ask for.</summary>
    public required int MaxNodes { get; init; }

    /// <summary>Longest wall time in minutes.</summary>
    public required int MaxWalltime { get; init; }

    /// <summary>Most batch jobs queued or running at once in this queue.</summary>
    public required int MaxQueuedJobs { get; init; }
}
