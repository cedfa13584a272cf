namespace Balsam.Transfers;

/// <summary>
/// A change the transfer service reports for one item (SPEC §1 TransferItem: only state, task id and transfer info
/// change). The job moves on when the last item of its direction is done, or fails when one ends in error.
/// </summary>
[GenerateSerializer, Alias("balsam.TransferItemUpdate")]
public sealed record TransferItemUpdate
{
    [Id(0)] public long Id { get; init; }

    [Id(1)] public TransferItemState State { get; init; }

    /// <summary><c>protocol:id</c> of the task that carries the item; null keeps the current one.</summary>
    [Id(2)] public string? TaskId { get; init; }

    /// <summary>A JSON object merged into the item's transfer info (e.g. <c>{"error": "..."}</c>); null changes nothing.</summary>
    [Id(3)] public string? TransferInfo { get; init; }
}
