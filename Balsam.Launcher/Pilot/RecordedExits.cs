using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot.RunApp;
using Balsam.States;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// A job taken again after its launcher died may already have run to its end: its <see cref="ExitRecord"/> says so.
/// Unless the service already has that run's report (then the record is stale), the recorded exit is reported instead of
/// running the job a second time.
/// </summary>
internal sealed class RecordedExits(BalsamClient client, string siteFolder, ILogger logger)
{
    private static readonly JobState[] Ends = [JobState.RunDone, JobState.RunError, JobState.RunTimeout, JobState.Failed];

    public string Workdir(JobRecord job) => Path.Combine(siteFolder, "data", job.Workdir);

    /// <summary>
    /// The reports that stand for the job's recorded run (RUNNING, then its result), or null when there is no record
    /// to honour and the job should run.
    /// </summary>
    public async Task<IReadOnlyList<JobPatch>?> ReplayAsync(JobRecord job)
    {
        var workdir = Workdir(job);
        if (ExitRecord.Read(workdir) is not { } record)
        {
            return null;
        }

        if (record.SessionId is not { } session || await ReportedAsync(job.Id, session))
        {
            ExitRecord.Delete(workdir); // its run was reported: a later restart runs the job afresh
            return null;
        }

        logger.LogWarning("Job {JobId} already ran to its end under session {Session} (exit code {Code}); its report was lost, " +
                          "so the recorded exit is reported instead of running it again", job.Id, session, record.ExitCode);
        var (value, exception) = RunResultFile.Take(workdir);
        var result = JobResultPatch.For(false, record.ExitCode, value, exception, () => "(the output is in job.out)");
        var note = $"{{\"message\": \"Not run again: the run under session {session} had ended with exit code {record.ExitCode} (recorded in {ExitRecord.FileName})\"}}";
        return [new JobPatch { State = JobState.Running, StateData = note }, result];
    }

    private async Task<bool> ReportedAsync(long jobId, long session)
    {
        var marker = $"\"{JobStateMachine.SessionKey}\": {session}";
        var compact = $"\"{JobStateMachine.SessionKey}\":{session}";
        var events = await client.Events.Where(jobId: jobId).ToListAsync();
        return events.Any(e => Ends.Contains(e.To) && (e.Data.Contains(marker) || e.Data.Contains(compact)));
    }
}
