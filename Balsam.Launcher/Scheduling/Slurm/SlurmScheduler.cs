using System.Globalization;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Slurm;

/// <summary>
/// Slurm (verified against Slurm 22.05): <c>sbatch --parsable</c>, <c>squeue -t all</c>, <c>scancel</c>, idle nodes
/// from <c>sinfo</c>, start/end from <c>sacct</c> or, without accounting, <c>scontrol show job</c>. The queue and the
/// project reach Slurm through the site's job template (<c>#SBATCH --partition</c> or <c>--qos</c>, <c>--account</c>),
/// not the command line, so a site whose "queues" are QOS names (NERSC Perlmutter) works; listings report the
/// partition. Every command runs with TZ=UTC so the times it prints are UTC.
/// </summary>
public sealed class SlurmScheduler(ICommandRunner runner, string user) : IBatchScheduler
{
    public string Name => "slurm";

    /// <summary>The clock used for queued times (tests pin it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public async Task<long> SubmitAsync(SchedulerSubmission submission, CancellationToken cancellationToken)
    {
        var script = Path.GetFullPath(submission.ScriptPath);
        var arguments = new List<string>
        {
            "--parsable", "-o", script + ".output", "-e", script + ".error", "-N", Num(submission.NumNodes), "-t", Num(submission.WallTimeMin), script,
        };
        var command = SchedulerCommands.Line("sbatch", [.. arguments]).InFolderOf(submission);
        var output = await SchedulerCommands.RunAsync(runner, command, cancellationToken);

        // --parsable prints "id" or "id;cluster".
        var first = output.Trim().Split('\n')[^1].Split(';')[0].Trim();
        return long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new SchedulerException($"sbatch printed no job id: {output.Trim()}");
    }

    public async Task<IReadOnlyDictionary<long, SchedulerJobStatus>> GetStatusesAsync(CancellationToken cancellationToken)
    {
        var command = SchedulerCommands.Line("squeue", "-h", "-u", user, "-t", "all", "-o", SlurmStatusParser.Format);
        var result = await runner.RunAsync(command, cancellationToken);

        // squeue exits 0 with "squeue: error: Invalid user: ..." on stderr: an empty list there would mark every
        // batch job finished, so any error line fails the sync instead.
        if (!result.Succeeded || result.StandardError.Contains("error:", StringComparison.OrdinalIgnoreCase))
        {
            throw SchedulerCommands.Failed(command, result with { ExitCode = result.Succeeded ? 1 : result.ExitCode });
        }

        return SlurmStatusParser.Parse(result.StandardOutput, Clock.GetUtcNow());
    }

    public async Task DeleteAsync(long schedulerId, CancellationToken cancellationToken) =>
        await SchedulerCommands.RunAsync(runner, SchedulerCommands.Line("scancel", Num(schedulerId)), cancellationToken);

    public async Task<IReadOnlyDictionary<string, List<BackfillWindow>>> GetBackfillWindowsAsync(CancellationToken cancellationToken)
    {
        var output = await SchedulerCommands.RunAsync(
            runner, SchedulerCommands.Line("sinfo", "-h", "-t", "idle", "-o", SlurmBackfillParser.Format), cancellationToken);
        return SlurmBackfillParser.Parse(output);
    }

    public async Task<SchedulerJobLog> GetLogAsync(long schedulerId, string scriptPath, CancellationToken cancellationToken)
    {
        // sacct needs accounting storage ("Slurm accounting storage is disabled" otherwise); scontrol remembers a
        // finished job for MinJobAge (300 s by default); past both, the times are unknown.
        var sacct = await runner.RunAsync(
            SchedulerCommands.Line("sacct", "-P", "-n", "-X", "-o", "JobID,Start,End", "-j", Num(schedulerId)), cancellationToken);
        if (sacct.Succeeded && SlurmTimes.FromSacct(sacct.StandardOutput, schedulerId) is { } fromSacct)
        {
            return fromSacct;
        }

        var scontrol = await runner.RunAsync(SchedulerCommands.Line("scontrol", "show", "job", "-o", Num(schedulerId)), cancellationToken);
        return scontrol.Succeeded ? SlurmTimes.FromScontrol(scontrol.StandardOutput) : SchedulerJobLog.Unknown;
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
