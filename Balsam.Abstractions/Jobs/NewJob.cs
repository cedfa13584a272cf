using Balsam.Apps;

namespace Balsam.Jobs;

/// <summary>
/// A validated job ready to insert, with what the server derived from its app: its id, the hooks it overrides, the
/// transfer items of its slots, and whether it is an app of Balsam's Python client (only Balsam's Python launcher runs
/// those jobs).
/// </summary>
public sealed record NewJob(JobSpec Spec, long AppId, AppHooks Hooks, IReadOnlyList<NewTransferItem> TransferItems, bool PythonApp = false)
{
    public int StageInItems => TransferItems.Count(t => t.Direction == TransferDirection.In);
}
