using Balsam.Apps;

namespace Balsam.Jobs;

/// <summary>One transfer item made from a job's slot value and the app's slot (SPEC §1 TransferItem).</summary>
public sealed record NewTransferItem(
    string Slot, TransferDirection Direction, string LocalPath, string RemotePath, string LocationAlias, bool Recursive);
