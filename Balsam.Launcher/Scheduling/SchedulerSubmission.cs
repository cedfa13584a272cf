namespace Balsam.Launcher.Scheduling;

/// <summary>A rendered batch-job script and the allocation it asks for.</summary>
public sealed record SchedulerSubmission
{
    /// <summary>The script (absolute path, in the site's <c>qsubmit/</c>); commands run in its folder.</summary>
    public required string ScriptPath { get; init; }

    public required string Project { get; init; }

    public required string Queue { get; init; }

    public required int NumNodes { get; init; }

    public required int WallTimeMin { get; init; }

    /// <summary>Environment for the batch job (e.g. <c>BALSAM_BATCH_JOB_ID</c>), added to the agent's own.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
