using Balsam.Launcher.Scheduling.Cobalt;
using Balsam.Launcher.Scheduling.Local;
using Balsam.Launcher.Scheduling.Lsf;
using Balsam.Launcher.Scheduling.Pbs;
using Balsam.Launcher.Scheduling.Slurm;

namespace Balsam.Launcher.Scheduling;

/// <summary>
/// The one table from a <c>scheduler.scheduler_class</c> name to its plugin: the settings validator accepts
/// <see cref="Names"/> and the site agent creates its scheduler with <see cref="Create"/>.
/// </summary>
public static class BatchSchedulers
{
    private delegate IBatchScheduler Factory(ICommandRunner runner, string user, string siteFolder);

    private static readonly (string Name, Factory Create)[] Plugins =
    [
        (SchedulerClasses.Local, (_, _, siteFolder) => new LocalScheduler(Path.Combine(siteFolder, "qsubmit"))),
        (SchedulerClasses.Slurm, (runner, user, _) => new SlurmScheduler(runner, user)),
        (SchedulerClasses.Pbs, (runner, user, _) => new PbsScheduler(runner, user)),
        (SchedulerClasses.Lsf, (runner, user, _) => new LsfScheduler(runner, user)),
        (SchedulerClasses.Cobalt, (runner, user, _) => new CobaltScheduler(runner, user)),
    ];

    /// <summary>The scheduler names a site's settings may name, in the order they are listed to users.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Plugins.Select(plugin => plugin.Name)];

    /// <param name="schedulerClass">One of <see cref="Names"/> (case-insensitive; Balsam's class names such as SlurmScheduler, and LocalProcess, are accepted too).</param>
    /// <param name="runner">Runs the scheduler's commands.</param>
    /// <param name="user">The unix user whose jobs are listed.</param>
    /// <param name="siteFolder">The site folder (the local scheduler keeps its pid files in qsubmit/).</param>
    public static IBatchScheduler Create(string schedulerClass, ICommandRunner runner, string user, string siteFolder)
    {
        var name = Normalize(schedulerClass);
        foreach (var plugin in Plugins)
        {
            if (plugin.Name == name)
            {
                return plugin.Create(runner, user, siteFolder);
            }
        }

        throw new ArgumentException(
            $"Unknown scheduler class '{schedulerClass}' (expected {string.Join(", ", Names.Take(Names.Count - 1))} or {Names[^1]}).",
            nameof(schedulerClass));
    }

    private static string Normalize(string schedulerClass)
    {
        var name = schedulerClass.Trim().ToLowerInvariant();
        if (name.EndsWith("scheduler", StringComparison.Ordinal))
        {
            name = name[..^"scheduler".Length];
        }

        return name == "localprocess" ? SchedulerClasses.Local : name;
    }
}
