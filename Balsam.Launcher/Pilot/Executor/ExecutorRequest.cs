using Balsam.Launcher.Pilot.RunApp;

namespace Balsam.Launcher.Pilot.Executor;

/// <summary>
/// One line the launcher writes to a warm executor: run a job (<see cref="Job"/> set) or cancel the running one
/// (<see cref="Cancel"/>). The executor answers a run with an <see cref="ExecutorReply"/>.
/// </summary>
internal sealed record ExecutorRequest
{
    public required long JobId { get; init; }

    /// <summary>The job to run; null for a cancellation.</summary>
    public RunAppJob? Job { get; init; }

    /// <summary>True: cancel the token the running job's <c>Run</c> holds (its wall time ended, or the launcher stops).</summary>
    public bool Cancel { get; init; }

    /// <summary>The job's workdir (its working directory while it runs).</summary>
    public string? Workdir { get; init; }

    /// <summary>The file that takes the job's stdout and stderr (<c>job.out</c>).</summary>
    public string? OutputFile { get; init; }

    /// <summary>The variables the job gets on top of the executor's own environment (the launcher's).</summary>
    public Dictionary<string, string> Environment { get; init; } = [];
}
