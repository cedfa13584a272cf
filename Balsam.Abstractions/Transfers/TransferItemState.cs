namespace Balsam.Transfers;

/// <summary>States of a transfer item (SPEC §1 TransferItem), stored with their SPEC names (<c>awaiting_job</c>, ...).</summary>
[GenerateSerializer, Alias("balsam.TransferItemState")]
public enum TransferItemState
{
    AwaitingJob = 0,
    Pending = 1,
    Active = 2,
    Inactive = 3,
    Done = 4,
    Error = 5,
}
