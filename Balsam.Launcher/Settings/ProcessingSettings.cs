namespace Balsam.Launcher.Settings;

/// <summary><c>processing</c>: the site agent's service that runs the apps' hooks (preprocess, postprocess, error, timeout).</summary>
public sealed record ProcessingSettings
{
    /// <summary>Hooks run at once.</summary>
    public int NumWorkers { get; init; } = 1;

    /// <summary>Jobs the service keeps leased ahead of its workers.</summary>
    public int PrefetchDepth { get; init; } = 1000;

    /// <summary>Seconds a hook may run before it is stopped and its job FAILED; null for no limit. With a limit, hooks run in processes of their own.</summary>
    public int? HookTimeoutSec { get; init; }

    /// <summary>Whether hooks run in <c>balsam run-hook</c> processes (several at once, or with a time limit) rather than in the agent.</summary>
    public bool HooksInProcesses => NumWorkers > 1 || HookTimeoutSec is not null;
}
