namespace Balsam.Launcher.SiteAgent.Transfers.Providers;

/// <summary>A task's state, the provider's message, and the items that failed inside a task that finished.</summary>
public sealed record TransferTaskStatus(TransferTaskState State, string Message = "")
{
    /// <summary>Item id -> the provider's message, for items that failed while the rest of the task went through.</summary>
    public IReadOnlyDictionary<long, string> FailedItems { get; init; } = new Dictionary<long, string>();

    public static TransferTaskStatus Active { get; } = new(TransferTaskState.Active);
}
