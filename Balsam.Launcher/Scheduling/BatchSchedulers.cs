namespace Balsam.Launcher.Scheduling;

/// <summary>The scheduler plugin named by <c>scheduler.scheduler_class</c>.</summary>
public static class BatchSchedulers
{
    public static IBatchScheduler Create(string schedulerClass, ICommandRunner runner, string user, string siteFolder) =>
        throw new NotSupportedException($"scheduler_class '{schedulerClass}' is not available");
}
