namespace Balsam.Launcher.Pilot.Executor;

/// <summary>The line a warm executor writes when a job's run ended: the exit code a <c>balsam run-app</c> process would have had.</summary>
internal sealed record ExecutorReply
{
    public required long JobId { get; init; }

    public required int ExitCode { get; init; }
}
