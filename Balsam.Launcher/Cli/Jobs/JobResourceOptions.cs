using System.CommandLine;
using Balsam.Jobs;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary>The resource options of <c>job create</c> and <c>job modify</c> (SPEC §1 Job; defaults as SPEC).</summary>
internal sealed class JobResourceOptions
{
    public Option<int?> NumNodes { get; } = new("--num-nodes", "-n") { Description = "Nodes (default 1)" };

    public Option<int?> RanksPerNode { get; } = new("--ranks-per-node") { Description = "MPI ranks per node (default 1)" };

    public Option<int?> ThreadsPerRank { get; } = new("--threads-per-rank") { Description = "Threads per rank (default 1)" };

    public Option<int?> ThreadsPerCore { get; } = new("--threads-per-core") { Description = "Threads per core (default 1)" };

    public Option<double?> GpusPerRank { get; } = new("--gpus-per-rank") { Description = "GPUs per rank, fractions allowed (default 0)" };

    public Option<int?> NodePackingCount { get; } = new("--node-packing-count") { Description = "Jobs that may share a node (default 1)" };

    public Option<int?> WallTimeMin { get; } = new("--wall-time-min") { Description = "Runtime estimate in minutes (default 0: unknown)" };

    public Option<string[]> LaunchParams { get; } = KeyValueOption.Create("--launch-param", "Passed to the MPI launcher, key=value (repeatable)");

    public IEnumerable<Option> All => [NumNodes, RanksPerNode, ThreadsPerRank, ThreadsPerCore, GpusPerRank, NodePackingCount, WallTimeMin, LaunchParams];

    public bool AnyGiven(ParseResult parse) => All.Any(option => parse.GetResult(option) is not null);

    /// <summary>The given options applied over <paramref name="current"/>.</summary>
    public JobResources Apply(ParseResult parse, JobResources current)
    {
        var launch = KeyValueOption.Parse(parse.GetValue(LaunchParams), "--launch-param");
        return current with
        {
            NumNodes = parse.GetValue(NumNodes) ?? current.NumNodes,
            RanksPerNode = parse.GetValue(RanksPerNode) ?? current.RanksPerNode,
            ThreadsPerRank = parse.GetValue(ThreadsPerRank) ?? current.ThreadsPerRank,
            ThreadsPerCore = parse.GetValue(ThreadsPerCore) ?? current.ThreadsPerCore,
            GpusPerRank = parse.GetValue(GpusPerRank) ?? current.GpusPerRank,
            NodePackingCount = parse.GetValue(NodePackingCount) ?? current.NodePackingCount,
            WallTimeMin = parse.GetValue(WallTimeMin) ?? current.WallTimeMin,
            LaunchParams = launch.Count > 0 ? launch : current.LaunchParams,
        };
    }
}
