namespace Balsam.Launcher.SiteAgent.Transfers.Providers;

/// <summary>Where a transfer task stands.</summary>
public enum TransferTaskState
{
    /// <summary>Moving data.</summary>
    Active,

    /// <summary>Paused by the provider (e.g. Globus waits for credentials or an endpoint); it may resume.</summary>
    Inactive,

    /// <summary>Finished; items listed in <see cref="TransferTaskStatus.FailedItems"/> did not make it.</summary>
    Done,

    /// <summary>Failed as a whole.</summary>
    Error,

    /// <summary>The provider no longer knows the task (it ran in an agent that stopped): its items are submitted again.</summary>
    Lost,
}
