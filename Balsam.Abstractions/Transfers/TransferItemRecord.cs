using Balsam.Apps;

namespace Balsam.Transfers;

/// <summary>One file or folder a job stages in or out (SPEC §1 TransferItem).</summary>
[GenerateSerializer, Alias("balsam.TransferItemRecord")]
public sealed record TransferItemRecord
{
    [Id(0)] public long Id { get; init; }

    [Id(1)] public long JobId { get; init; }

    /// <summary>The app's transfer slot it fills.</summary>
    [Id(2)] public required string Slot { get; init; }

    [Id(3)] public TransferDirection Direction { get; init; }

    /// <summary>Relative to the job's workdir.</summary>
    [Id(4)] public required string LocalPath { get; init; }

    [Id(5)] public required string RemotePath { get; init; }

    [Id(6)] public required string LocationAlias { get; init; }

    [Id(7)] public bool Recursive { get; init; }

    [Id(8)] public TransferItemState State { get; init; }

    /// <summary><c>protocol:id</c> of the transfer task once submitted, else empty.</summary>
    [Id(9)] public string TaskId { get; init; } = "";

    /// <summary>Provider details (a JSON object), e.g. an error message.</summary>
    [Id(10)] public string TransferInfo { get; init; } = "{}";
}
