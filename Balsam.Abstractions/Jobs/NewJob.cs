using Balsam.Apps;

namespace Balsam.Jobs;

/// <summary>A validated job ready to insert, with what the server derived from its app.</summary>
public sealed record NewJob(JobSpec Spec, long AppId, AppHooks Hooks, IReadOnlyList<NewTransferItem> TransferItems)
{
    public int StageInItems => TransferItems.Count(t => t.Direction == TransferDirection.In);
}
