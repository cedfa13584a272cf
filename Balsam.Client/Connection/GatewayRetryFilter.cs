namespace Balsam.Client.Connection;

/// <summary>
/// Whether the Orleans client tries again after a failed first connect: once for each further gateway it was given
/// (a failed gateway is set aside, so the next attempt goes to another), never for a single gateway, so that a refused
/// connection is reported at once instead of retried until the connect timeout.
/// </summary>
internal sealed class GatewayRetryFilter(ClientConnection connection) : IClientConnectionRetryFilter
{
    private int _failures;

    public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken) =>
        Task.FromResult(!cancellationToken.IsCancellationRequested && Interlocked.Increment(ref _failures) < connection.Gateways.Count);
}
