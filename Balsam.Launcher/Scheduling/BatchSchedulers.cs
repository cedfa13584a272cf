using Balsam.Launcher.Scheduling.Plugins;

namespace Balsam.Launcher.Scheduling;

/// <summary>The scheduler for a site's <c>scheduler.scheduler_class</c>.</summary>
public static class BatchSchedulers
{
    /// <param name="schedulerClass">slurm, pbs, lsf or cobalt (case-insensitive; Balsam's class names such as SlurmScheduler are accepted too).</param>
    /// <param name="runner">Runs the scheduler's commands.</param>
    /// <param name="user">The unix user whose jobs are listed.</param>
    /// <param name="siteFolder">The site folder (the local scheduler keeps its pid files in qsubmit/).</param>
    public static IBatchScheduler Create(string schedulerClass, ICommandRunner runner, string user, string siteFolder)
    {
        var name = schedulerClass.Trim().ToLowerInvariant();
        if (name.EndsWith("scheduler", StringComparison.Ordinal))
        {
            name = name[..^"scheduler".Length];
        }

        return name switch
        {
            "slurm" => new SlurmScheduler(runner, user),
            "pbs" => new PbsScheduler(runner, user),
            "lsf" => new LsfScheduler(runner, user),
            "cobalt" => new CobaltScheduler(runner, user),
            "local" or "localprocess" => new Local.LocalScheduler(Path.Combine(siteFolder, "qsubmit")),
            _ => throw new ArgumentException($"Unknown scheduler class '{schedulerClass}' (expected local, slurm, pbs, lsf or cobalt).", nameof(schedulerClass)),
        };
    }
}
