namespace Balsam.Jobs;

/// <summary>What a job asks of the machine (SPEC §1 Job; defaults as SPEC).</summary>
[GenerateSerializer, Alias("balsam.JobResources")]
public sealed record JobResources
{
    [Id(0)] public int NumNodes { get; init; } = 1;

    [Id(1)] public int RanksPerNode { get; init; } = 1;

    [Id(2)] public int ThreadsPerRank { get; init; } = 1;

    [Id(3)] public int ThreadsPerCore { get; init; } = 1;

    /// <summary>GPUs per rank; fractions allowed.</summary>
    [Id(4)] public double GpusPerRank { get; init; }

    /// <summary>How many such jobs may share one node; each occupies 1/NodePackingCount of it.</summary>
    [Id(5)] public int NodePackingCount { get; init; } = 1;

    /// <summary>Runtime estimate in minutes; 0 means unknown (fits anywhere).</summary>
    [Id(6)] public int WallTimeMin { get; init; }

    /// <summary>Passed through to the MPI launcher.</summary>
    [Id(7)] public Dictionary<string, string> LaunchParams { get; init; } = [];

    public static readonly JobResources Default = new();
}
