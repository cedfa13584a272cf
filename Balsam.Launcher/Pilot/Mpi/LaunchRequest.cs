namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// One run of a job, already placed by the node manager: what to run on which hosts, with how many ranks, and the
/// environment and options it gets. An <see cref="IMpiLauncher"/> turns it into a <see cref="LaunchCommand"/>.
/// </summary>
public sealed record LaunchRequest
{
    /// <summary>The program each rank runs and its arguments, e.g. <c>["/bin/bash", "-c", "echo hi"]</c>.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The hosts the job was placed on, in order; ranks fill them <see cref="RanksPerNode"/> at a time.</summary>
    public required IReadOnlyList<string> Hosts { get; init; }

    public int RanksPerNode { get; init; } = 1;

    public int ThreadsPerRank { get; init; } = 1;

    public int ThreadsPerCore { get; init; } = 1;

    /// <summary>GPUs per rank as the job asked (fractions allowed).</summary>
    public double GpusPerRank { get; init; }

    /// <summary>CPU (core) ids assigned on each host; empty when the job has whole nodes and no pinning.</summary>
    public IReadOnlyList<int> CpuIds { get; init; } = [];

    /// <summary>GPU ids assigned on each host; empty when none were assigned.</summary>
    public IReadOnlyList<string> GpuIds { get; init; } = [];

    /// <summary>
    /// Variables the ranks get on top of the launcher's own environment: the job's layers of BALSAM-REFERENCE §4.6
    /// (build them with <see cref="JobEnvironment.Build"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The job's <c>launch_params</c>: extra options for the MPI launcher (see <see cref="LaunchParams"/>).</summary>
    public IReadOnlyDictionary<string, string> LaunchParams { get; init; } = new Dictionary<string, string>();

    /// <summary>The job's working directory (absolute).</summary>
    public required string WorkingDirectory { get; init; }

    public int NumNodes => Hosts.Count;

    public int NumRanks => RanksPerNode * Hosts.Count;
}
