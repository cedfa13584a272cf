namespace Balsam.Client.Hosting;

/// <summary>
/// The Orleans client's news of its gateways (lost, fewer, more, recovered), for what the service forgets when a silo
/// restarts: the job watcher subscribes its open waits again when the connection changes.
/// </summary>
internal sealed class ClusterConnectionEvents : IClusterConnectionStatusObserver
{
    /// <summary>Raised when the connection to the cluster was lost, or the number of connected gateways changed.</summary>
    public event Action? Changed;

    public void NotifyClusterConnectionLost() => Changed?.Invoke();

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) => Changed?.Invoke();
}
