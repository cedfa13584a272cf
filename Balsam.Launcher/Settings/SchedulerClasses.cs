namespace Balsam.Launcher.Settings;

/// <summary>The batch schedulers a site can use (<c>scheduler.scheduler_class</c>).</summary>
public static class SchedulerClasses
{
    /// <summary>No batch scheduler: batch jobs run as local processes.</summary>
    public const string Local = "local";

    public const string Slurm = "slurm";

    public const string Pbs = "pbs";

    public const string Lsf = "lsf";

    public const string Cobalt = "cobalt";

    public static IReadOnlyList<string> Names { get; } = [Local, Slurm, Pbs, Lsf, Cobalt];
}
