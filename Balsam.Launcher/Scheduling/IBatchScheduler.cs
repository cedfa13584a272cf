using Balsam.Sites;

namespace Balsam.Launcher.Scheduling;

/// <summary>
/// One batch scheduler (SPEC §4 scheduler service): submits a rendered batch-job script, lists the user's scheduler
/// jobs, deletes one, and reads backfill windows and start/end times. One implementation per scheduler, each calling
/// the scheduler's commands through an <see cref="ICommandRunner"/>.
/// </summary>
public interface IBatchScheduler
{
    /// <summary>The <c>scheduler.scheduler_class</c> name (local, slurm, pbs, lsf, cobalt).</summary>
    string Name { get; }

    /// <summary>Submits the script (already written, executable) and returns the scheduler's id for it.</summary>
    /// <exception cref="SchedulerException">The scheduler refused: the message is the scheduler's own.</exception>
    Task<long> SubmitAsync(SchedulerSubmission submission, CancellationToken cancellationToken);

    /// <summary>Every job of the current user the scheduler knows, by scheduler id (finished ones may be left out).</summary>
    /// <exception cref="SchedulerException">The status command failed; the caller skips this sync.</exception>
    Task<IReadOnlyDictionary<long, SchedulerJobStatus>> GetStatusesAsync(CancellationToken cancellationToken);

    /// <summary>Asks the scheduler to end the job (queued: removed; running: signalled, then killed).</summary>
    /// <exception cref="SchedulerException">The delete command failed.</exception>
    Task DeleteAsync(long schedulerId, CancellationToken cancellationToken);

    /// <summary>Idle nodes available now per queue, with how long; empty when the scheduler cannot tell.</summary>
    Task<IReadOnlyDictionary<string, List<BackfillWindow>>> GetBackfillWindowsAsync(CancellationToken cancellationToken);

    /// <summary>When a job that left the listing started and ended, where the scheduler can tell.</summary>
    Task<SchedulerJobLog> GetLogAsync(long schedulerId, string scriptPath, CancellationToken cancellationToken);
}
