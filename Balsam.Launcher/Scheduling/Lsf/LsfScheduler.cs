using System.Globalization;
using System.Text.RegularExpressions;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Lsf;

/// <summary>
/// IBM Spectrum LSF (node-based, as on ORNL Summit): <c>bsub -P -q -nnodes -W</c>, <c>bjobs -u USER -json -o</c>,
/// <c>bkill</c>, backfill from <c>bslots</c>, start/end from <c>bjobs -json -o "start_time finish_time"</c>.
/// Commands run with TZ=UTC so the times bjobs prints are UTC.
/// </summary>
public sealed partial class LsfScheduler(ICommandRunner runner, string user) : IBatchScheduler
{
    public string Name => "lsf";

    /// <summary>The queue bslots windows are reported under (bslots is not per queue).</summary>
    public string BackfillQueue { get; init; } = "batch";

    /// <summary>bslots counts slots; this many slots make one node (1 when the site schedules whole nodes).</summary>
    public int SlotsPerNode { get; init; } = 1;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public async Task<long> SubmitAsync(SchedulerSubmission submission, CancellationToken cancellationToken)
    {
        var script = Path.GetFullPath(submission.ScriptPath);
        var arguments = new List<string> { "-o", script + ".output", "-e", script + ".error" };
        if (!string.IsNullOrWhiteSpace(submission.Project))
        {
            arguments.AddRange(["-P", submission.Project]);
        }

        arguments.AddRange(["-q", submission.Queue, "-nnodes", Num(submission.NumNodes), "-W", Num(submission.WallTimeMin), script]);
        var command = SchedulerCommands.Line("bsub", [.. arguments]).InFolderOf(submission);
        var result = await runner.RunAsync(command, cancellationToken);
        var match = Submitted().Match(result.StandardOutput);

        // bsub may exit 0 yet refuse ("... Job not submitted."): only the "Job <id>" line means accepted.
        if (!result.Succeeded || !match.Success)
        {
            throw SchedulerCommands.Failed(command, result.Succeeded ? result with { ExitCode = 1 } : result);
        }

        return long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyDictionary<long, SchedulerJobStatus>> GetStatusesAsync(CancellationToken cancellationToken)
    {
        var command = SchedulerCommands.Line("bjobs", "-u", user, "-json", "-o", LsfStatusParser.Fields);
        var output = await SchedulerCommands.RunAsync(runner, command, cancellationToken);
        return LsfStatusParser.Parse(output, user);
    }

    public async Task DeleteAsync(long schedulerId, CancellationToken cancellationToken) =>
        await SchedulerCommands.RunAsync(runner, SchedulerCommands.Line("bkill", Num(schedulerId)), cancellationToken);

    public async Task<IReadOnlyDictionary<string, List<BackfillWindow>>> GetBackfillWindowsAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(SchedulerCommands.Line("bslots"), cancellationToken);

        // "No backfill window meets the requirements" is an answer, not a failure.
        return result.Succeeded ? LsfBackfillParser.Parse(result.StandardOutput, BackfillQueue, SlotsPerNode) : [];
    }

    public async Task<SchedulerJobLog> GetLogAsync(long schedulerId, string scriptPath, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(
            SchedulerCommands.Line("bjobs", "-json", "-o", "jobid start_time finish_time", Num(schedulerId)), cancellationToken);
        if (!result.Succeeded)
        {
            return SchedulerJobLog.Unknown;
        }

        var now = Clock.GetUtcNow();
        var job = LsfStatusParser.Records(result.StandardOutput).FirstOrDefault(r => LsfStatusParser.Text(r, "JOBID") == Num(schedulerId));
        return job.ValueKind == System.Text.Json.JsonValueKind.Undefined
            ? SchedulerJobLog.Unknown
            : new SchedulerJobLog(LsfTimes.Parse(LsfStatusParser.Text(job, "START_TIME"), now), LsfTimes.Parse(LsfStatusParser.Text(job, "FINISH_TIME"), now));
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Job <(?<id>\d+)>")]
    private static partial Regex Submitted();
}
