namespace Balsam.Launcher.SiteAgent.Transfers.Providers;

/// <summary>
/// One transfer protocol (<c>local</c>, <c>rsync</c>, <c>globus</c>): submits a batch of files as one task and reports
/// how the task is doing. A submit returns at once; the transfer service polls every cycle until the task settles.
/// Every call ends within the provider's time-out, so a dead location never hangs the service (Balsam #114).
/// </summary>
public interface ITransferProvider
{
    /// <summary>The scheme of the <c>transfer_locations</c> URLs it serves.</summary>
    string Protocol { get; }

    /// <summary>Starts the batch as one task; returns the task's id (without the protocol prefix).</summary>
    Task<string> SubmitAsync(TransferBatch batch, CancellationToken cancellationToken);

    /// <summary>How the task is doing now.</summary>
    Task<TransferTaskStatus> PollAsync(string taskId, CancellationToken cancellationToken);
}
