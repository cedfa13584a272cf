using System.Globalization;
using Balsam.Launcher.Scheduling.Common;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Cobalt;

/// <summary>
/// Cobalt (ALCF Theta/Cooley): <c>qsub -O -A -q -n -t</c>, <c>qstat -u USER</c> with a fixed <c>QSTAT_HEADER</c>,
/// <c>qdel</c>, backfill from <c>nodelist</c>, start/end from <c>&lt;script&gt;.cobaltlog</c>.
/// </summary>
public sealed class CobaltScheduler(ICommandRunner runner, string user) : IBatchScheduler
{
    public string Name => "cobalt";

    public async Task<long> SubmitAsync(SchedulerSubmission submission, CancellationToken cancellationToken)
    {
        var script = Path.GetFullPath(submission.ScriptPath);

        // -O names the .output/.error/.cobaltlog files: <script>.cobaltlog is where GetLogAsync reads the times.
        var arguments = new List<string> { "-O", script };
        if (!string.IsNullOrWhiteSpace(submission.Project))
        {
            arguments.AddRange(["-A", submission.Project]);
        }

        arguments.AddRange(["-q", submission.Queue, "-n", Num(submission.NumNodes), "-t", Num(submission.WallTimeMin), script]);
        var command = new CommandLine("qsub", [.. arguments]).InFolderOf(submission);
        var output = await SchedulerCommands.RunAsync(runner, command, cancellationToken);

        // qsub may print warnings first; the id is the last line.
        var last = output.Trim().Split('\n')[^1].Trim();
        return long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new SchedulerException($"qsub printed no job id: {output.Trim()}");
    }

    public async Task<IReadOnlyDictionary<long, SchedulerJobStatus>> GetStatusesAsync(CancellationToken cancellationToken)
    {
        var command = new CommandLine("qstat", ["-u", user])
        {
            Environment = new Dictionary<string, string> { ["QSTAT_HEADER"] = CobaltStatusParser.Header },
        };
        var output = await SchedulerCommands.RunAsync(runner, command, cancellationToken);
        return CobaltStatusParser.Parse(output, user);
    }

    public async Task DeleteAsync(long schedulerId, CancellationToken cancellationToken) =>
        await SchedulerCommands.RunAsync(runner, new CommandLine("qdel", [Num(schedulerId)]), cancellationToken);

    public async Task<IReadOnlyDictionary<string, List<BackfillWindow>>> GetBackfillWindowsAsync(CancellationToken cancellationToken)
    {
        var output = await SchedulerCommands.RunAsync(runner, new CommandLine("nodelist", []), cancellationToken);
        return CobaltNodelistParser.Parse(output);
    }

    public async Task<SchedulerJobLog> GetLogAsync(long schedulerId, string scriptPath, CancellationToken cancellationToken)
    {
        var log = Path.GetFullPath(scriptPath) + ".cobaltlog";
        return File.Exists(log) ? CobaltLogParser.Parse(await File.ReadAllTextAsync(log, cancellationToken)) : SchedulerJobLog.Unknown;
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
