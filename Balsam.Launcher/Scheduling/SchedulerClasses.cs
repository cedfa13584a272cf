namespace Balsam.Launcher.Scheduling;

/// <summary>The names of the batch schedulers a site can use (<c>scheduler.scheduler_class</c>); <see cref="BatchSchedulers"/> maps each to its plugin.</summary>
public static class SchedulerClasses
{
    /// <summary>No batch scheduler: batch jobs run as local processes.</summary>
    public const string Local = "local";

    public const string Slurm = "slurm";

    public const string Pbs = "pbs";

    public const string Lsf = "lsf";

    public const string Cobalt = "cobalt";
}
