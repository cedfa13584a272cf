using Microsoft.Extensions.Hosting;

namespace Balsam.Client.Connection;

/// <summary>
/// Starts the Orleans client (the hosted service it registers) within the connect timeout, and turns a failure into a
/// <see cref="BalsamConnectionException"/> that explains it (<see cref="ConnectionDiagnostics"/>).
/// </summary>
internal sealed class GatewayConnectService(IHostedService orleansClient, ClientConnection connection) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(connection.ConnectTimeout);
        try
        {
            await orleansClient.StartAsync(deadline.Token).WaitAsync(connection.ConnectTimeout, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw await ConnectionDiagnostics.ExplainAsync(connection, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => orleansClient.StopAsync(cancellationToken);
}
