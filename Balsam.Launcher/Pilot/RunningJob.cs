using Balsam.Jobs;
using Balsam.Launcher.Pilot.Nodes;

namespace Balsam.Launcher.Pilot;

/// <summary>One started job: its run (a process group, or a warm executor), where it runs, and its output file.</summary>
internal sealed class RunningJob(JobRecord job, IJobRun run, NodePlacement placement, string outputFile)
{
    public JobRecord Job { get; } = job;

    public IJobRun Run { get; } = run;

    public NodePlacement Placement { get; } = placement;

    public string OutputFile { get; } = outputFile;

    public Task Finished => Run.Finished;

    /// <summary>Set when the launcher stopped the job (wall time, SIGTERM): it ends as RUN_TIMEOUT, not RUN_ERROR.</summary>
    public bool Stopped { get; set; }

    /// <summary>The last lines of the output, for RUN_ERROR's state data.</summary>
    public string Tail(int lines)
    {
        try
        {
            return string.Join('\n', File.ReadLines(OutputFile).TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
