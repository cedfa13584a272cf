using Balsam.Apps;

namespace Balsam.Transfers;

/// <summary>A filter over transfer items, ordered by id.</summary>
[GenerateSerializer, Alias("balsam.TransferItemQuery")]
public sealed record TransferItemQuery
{
    [Id(0)] public List<long>? JobIds { get; init; }

    /// <summary>Items of jobs at any of these sites.</summary>
    [Id(1)] public List<long>? SiteIds { get; init; }

    [Id(2)] public List<TransferItemState>? States { get; init; }

    [Id(3)] public TransferDirection? Direction { get; init; }

    [Id(4)] public string? LocationAlias { get; init; }

    [Id(5)] public int? Limit { get; init; }

    [Id(6)] public int Offset { get; init; }

    /// <summary>Items of jobs that carry all of these tags.</summary>
    [Id(7)] public Dictionary<string, string>? Tags { get; init; }

    [Id(8)] public List<long>? Ids { get; init; }

    /// <summary>Items of jobs in this state.</summary>
    [Id(9)] public States.JobState? JobState { get; init; }
}
