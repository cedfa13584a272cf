using System.Text.Json.Nodes;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Client.Queries;

/// <summary>
/// One change applied to every job of a query: set only what should change.
/// <code>
/// await balsam.Jobs.Where(state: JobState.Failed).UpdateAsync(j => j.State = JobState.RestartReady);
/// await balsam.Jobs.Where(tags: new() { ["exp"] = "big" }).UpdateAsync(j => { j.NumNodes = 8; j.WallTimeMin = 60; });
/// </code>
/// </summary>
public sealed class JobUpdate
{
    /// <summary>The new state (each job's transition is checked on its own; refused ones are reported, not thrown).</summary>
    public JobState? State { get; set; }

    /// <summary>Why the state changes: a message stored in the state change's event data.</summary>
    public string? StateMessage { get; set; }

    /// <summary>Replaces every job's tags.</summary>
    public Dictionary<string, string>? Tags { get; set; }

    /// <summary>Replaces every job's data.</summary>
    public JsonObject? Data { get; set; }

    /// <summary>The exit code to record.</summary>
    public int? ReturnCode { get; set; }

    /// <summary>Whether the file cleaner still has to clean the workdirs.</summary>
    public bool? PendingFileCleanup { get; set; }

    /// <summary>Nodes per run.</summary>
    public int? NumNodes { get; set; }

    /// <summary>MPI ranks per node.</summary>
    public int? RanksPerNode { get; set; }

    /// <summary>Threads per rank.</summary>
    public int? ThreadsPerRank { get; set; }

    /// <summary>Hardware threads per core.</summary>
    public int? ThreadsPerCore { get; set; }

    /// <summary>GPUs per rank.</summary>
    public double? GpusPerRank { get; set; }

    /// <summary>How many such jobs may share one node.</summary>
    public int? NodePackingCount { get; set; }

    /// <summary>Runtime estimate in minutes.</summary>
    public int? WallTimeMin { get; set; }

    /// <summary>Replaces the options for the MPI launcher.</summary>
    public Dictionary<string, string>? LaunchParams { get; set; }

    internal bool ChangesResources =>
        NumNodes is not null || RanksPerNode is not null || ThreadsPerRank is not null || ThreadsPerCore is not null ||
        GpusPerRank is not null || NodePackingCount is not null || WallTimeMin is not null || LaunchParams is not null;

    internal bool IsEmpty => !ChangesResources && State is null && Tags is null && Data is null && ReturnCode is null && PendingFileCleanup is null;

    /// <summary>The patch for one job; <paramref name="current"/> is that job's resources when resources change.</summary>
    internal JobPatch ToPatch(JobResources? current) => new()
    {
        State = State,
        StateData = State is not null && StateMessage is not null ? new JsonObject { ["message"] = StateMessage }.ToJsonString() : null,
        Tags = Tags is null ? null : new(Tags),
        Data = Data?.ToJsonString(),
        ReturnCode = ReturnCode,
        PendingFileCleanup = PendingFileCleanup,
        Resources = current is null ? null : current with
        {
            NumNodes = NumNodes ?? current.NumNodes,
            RanksPerNode = RanksPerNode ?? current.RanksPerNode,
            ThreadsPerRank = ThreadsPerRank ?? current.ThreadsPerRank,
            ThreadsPerCore = ThreadsPerCore ?? current.ThreadsPerCore,
            GpusPerRank = GpusPerRank ?? current.GpusPerRank,
            NodePackingCount = NodePackingCount ?? current.NodePackingCount,
            WallTimeMin = WallTimeMin ?? current.WallTimeMin,
            LaunchParams = LaunchParams is null ? current.LaunchParams : new(LaunchParams),
        },
    };
}
