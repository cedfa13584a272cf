using Balsam.BatchJobs;

namespace Balsam.Launcher.Scheduling.Templates;

/// <summary>What the scheduler service knows of a batch job when it renders the job template (SPEC §10).</summary>
public sealed record JobTemplateRequest
{
    public required string Project { get; init; }

    public required string Queue { get; init; }

    public required int NumNodes { get; init; }

    public required int WallTimeMin { get; init; }

    /// <summary><c>mpi</c> or <c>serial</c>.</summary>
    public string JobMode { get; init; } = "mpi";

    /// <summary>Only jobs with all these tags run in the batch job.</summary>
    public IReadOnlyDictionary<string, string> FilterTags { get; init; } = new Dictionary<string, string>();

    /// <summary>Partitions of the batch job; empty: one partition of all nodes in <see cref="JobMode"/>.</summary>
    public IReadOnlyList<BatchJobPartition> Partitions { get; init; } = [];

    /// <summary>Optional batch-job parameters given for this batch job (<c>-x name=value</c>); the settings' defaults fill the rest.</summary>
    public IReadOnlyDictionary<string, string> OptionalParams { get; init; } = new Dictionary<string, string>();

    /// <summary>The site folder (absolute).</summary>
    public required string SitePath { get; init; }

    /// <summary>The command that runs <c>balsam</c> in the batch job (absolute program, e.g. <c>dotnet /opt/balsam/balsam.dll</c>).</summary>
    public required IReadOnlyList<string> BalsamCommand { get; init; }

    /// <summary>The batch job's id, passed to the launcher so its session (and its jobs) are bound to the batch job.</summary>
    public long? BatchJobId { get; init; }
}
