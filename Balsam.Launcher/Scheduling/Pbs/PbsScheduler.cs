using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Pbs;

/// <summary>
/// PBS Professional / OpenPBS: <c>qsub -A -q -l select= -l walltime=</c>, <c>qstat -f -F json</c> filtered by exact
/// owner, <c>qdel</c>, start/end from <c>qstat -x -f -F json</c>. Backfill is not published by PBS (empty).
/// Commands run with TZ=UTC so the times qstat prints are UTC.
/// </summary>
public sealed class PbsScheduler(ICommandRunner runner, string user) : IBatchScheduler
{
    public string Name => "pbs";

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public async Task<long> SubmitAsync(SchedulerSubmission submission, CancellationToken cancellationToken)
    {
        var script = Path.GetFullPath(submission.ScriptPath);
        var arguments = new List<string>();
        if (!string.IsNullOrWhiteSpace(submission.Project))
        {
            arguments.AddRange(["-A", submission.Project]);
        }

        arguments.AddRange(["-q", submission.Queue, "-l", $"select={submission.NumNodes}", "-l", $"walltime={Durations.ToClock(submission.WallTimeMin)}"]);

        // PBS does not pass the submitter's environment on by default: name the variables to export (their values
        // come from qsub's own environment, so no value needs quoting).
        if (submission.Environment.Count > 0)
        {
            arguments.AddRange(["-v", string.Join(',', submission.Environment.Keys.Order(StringComparer.Ordinal))]);
        }

        arguments.Add(script);
        var command = SchedulerCommands.Line("qsub", [.. arguments]).InFolderOf(submission);
        var output = await SchedulerCommands.RunAsync(runner, command, cancellationToken);
        return PbsStatusParser.ParseId(output.Trim().Split('\n')[^1]) ?? throw new SchedulerException($"qsub printed no job id: {output.Trim()}");
    }

    /// <summary>
    /// The user's job ids from <c>qselect -u USER</c>, then <c>qstat -f -F json</c> of those jobs only: another user's job
    /// whose environment PBS renders as invalid JSON (a known PBS defect that hit Balsam on Polaris) cannot break the
    /// listing, and a busy system's megabytes of JSON are not read every sync.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, SchedulerJobStatus>> GetStatusesAsync(CancellationToken cancellationToken)
    {
        var selected = await SchedulerCommands.RunAsync(runner, SchedulerCommands.Line("qselect", "-u", user), cancellationToken);
        var ids = selected.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => PbsStatusParser.ParseId(line) is not null).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<long, SchedulerJobStatus>();
        }

        // A job that ends between the two commands makes qstat exit non-zero ("Unknown Job Id") while it still prints
        // the others: its JSON is used when there is some.
        var result = await runner.RunAsync(SchedulerCommands.Line("qstat", ["-f", "-F", "json", .. ids]), cancellationToken);
        if (!result.Succeeded && !result.StandardOutput.TrimStart().StartsWith('{'))
        {
            throw SchedulerCommands.Failed(SchedulerCommands.Line("qstat", ["-f", "-F", "json", .. ids]), result);
        }

        return PbsStatusParser.Parse(result.StandardOutput, user, Clock.GetUtcNow());
    }

    public async Task DeleteAsync(long schedulerId, CancellationToken cancellationToken) =>
        await SchedulerCommands.RunAsync(runner, SchedulerCommands.Line("qdel", schedulerId.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);

    public Task<IReadOnlyDictionary<string, List<BackfillWindow>>> GetBackfillWindowsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, List<BackfillWindow>>>(new Dictionary<string, List<BackfillWindow>>());

    public async Task<SchedulerJobLog> GetLogAsync(long schedulerId, string scriptPath, CancellationToken cancellationToken)
    {
        var command = SchedulerCommands.Line("qstat", "-x", "-f", "-F", "json", schedulerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await runner.RunAsync(command, cancellationToken);

        // "qstat: Unknown Job Id 123.server" (job history expired or never existed): times unknown.
        if (!result.Succeeded)
        {
            return SchedulerJobLog.Unknown;
        }

        foreach (var (id, job) in PbsStatusParser.Jobs(result.StandardOutput))
        {
            if (id != schedulerId)
            {
                continue;
            }

            var finished = PbsStatusParser.Text(job, "job_state") is "F" or "X";
            var end = PbsStatusParser.Text(job, "obittime") ?? (finished ? PbsStatusParser.Text(job, "mtime") : null);
            return new SchedulerJobLog(PbsTimes.Parse(PbsStatusParser.Text(job, "stime")), PbsTimes.Parse(end));
        }

        return SchedulerJobLog.Unknown;
    }
}
