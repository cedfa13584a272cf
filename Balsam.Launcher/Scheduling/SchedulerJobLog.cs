namespace Balsam.Launcher.Scheduling;

/// <summary>Start and end of a scheduler job, where known.</summary>
public sealed record SchedulerJobLog(DateTimeOffset? StartTime, DateTimeOffset? EndTime)
{
    public static SchedulerJobLog Unknown { get; } = new(null, null);
}
