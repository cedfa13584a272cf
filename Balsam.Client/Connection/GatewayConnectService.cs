using Microsoft.Extensions.Hosting;

namespace Balsam.Client.Connection;

/// <summary>
/// Starts the Orleans client (the hosted service it registers) within the connect timeout, and turns a failure into a
/// <see cref="BalsamConnectionException"/> that explains it (<see cref="ConnectionDiagnostics"/>); then, when the client
/// has a token, learns whose it is (<see cref="ClientConnection.ActingUser"/>). A missing or refused token is not an
/// error here (<c>balsam login</c> connects without one): the service refuses the calls that need it, saying why.
/// </summary>
internal sealed class GatewayConnectService(IHostedService orleansClient, IClusterClient cluster, ClientConnection connection) : IHostedService
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

        if (connection.Tokens.Current is not null
            && await cluster.GetGrain<Balsam.Auth.IAuthGrain>(0).CallerAsync().WaitAsync(cancellationToken) is { } identity)
        {
            connection.ConfirmUser(identity.UserName);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => orleansClient.StopAsync(cancellationToken);
}
