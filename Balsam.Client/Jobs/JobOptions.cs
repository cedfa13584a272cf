using System.Text.Json.Nodes;
using Balsam.Client.Sites;

namespace Balsam.Client.Jobs;

/// <summary>
/// Everything about a job to submit besides its app, workdir and parameters (SPEC defaults when left out).
/// <code>
/// await balsam.Jobs.SubmitAsync&lt;Sim&gt;("sim/1", new { n = 8 }, new JobOptions { NumNodes = 4, WallTimeMin = 30, Tags = { ["exp"] = "a" } });
/// </code>
/// </summary>
public sealed record JobOptions
{
    /// <summary>Labels to filter jobs by.</summary>
    public Dictionary<string, string> Tags { get; init; } = [];

    /// <summary>Free data for hooks and users.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>Nodes per run (1).</summary>
    public int NumNodes { get; init; } = 1;

    /// <summary>MPI ranks per node (1).</summary>
    public int RanksPerNode { get; init; } = 1;

    /// <summary>Threads per rank (1).</summary>
    public int ThreadsPerRank { get; init; } = 1;

    /// <summary>Hardware threads per core (1).</summary>
    public int ThreadsPerCore { get; init; } = 1;

    /// <summary>GPUs per rank (0; fractions allowed).</summary>
    public double GpusPerRank { get; init; }

    /// <summary>How many such jobs may share one node (1).</summary>
    public int NodePackingCount { get; init; } = 1;

    /// <summary>Runtime estimate in minutes (0 = unknown).</summary>
    public int WallTimeMin { get; init; }

    /// <summary>Extra options for the MPI launcher.</summary>
    public Dictionary<string, string> LaunchParams { get; init; } = [];

    /// <summary>Jobs that must finish first.</summary>
    public List<long> ParentIds { get; init; } = [];

    /// <summary>Transfer slot to <c>alias:/absolute/path</c>.</summary>
    public Dictionary<string, string> Transfers { get; init; } = [];

    /// <summary>The site, when the app is named by a name that several of the user's sites have.</summary>
    public SiteRef? Site { get; init; }
}
