namespace Balsam.Apps;

/// <summary>A named place where a job's data is staged in or out (SPEC §6 <c>Transfers</c>).</summary>
[GenerateSerializer, Alias("balsam.TransferSlot")]
public sealed record TransferSlot
{
    [Id(0)] public bool Required { get; init; }

    [Id(1)] public TransferDirection Direction { get; init; }

    /// <summary>Path relative to the job's workdir; <c>.</c> keeps the remote name.</summary>
    [Id(2)] public string LocalPath { get; init; } = ".";

    [Id(3)] public string Description { get; init; } = "";

    [Id(4)] public bool Recursive { get; init; }
}
