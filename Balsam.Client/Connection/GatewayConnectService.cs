using Microsoft.Extensions.Hosting;

namespace Balsam.Client.Connection;

/// <summary>
/// Starts the Orleans client (the hosted service it registers) within the connect timeout, and turns a failure into a
/// <see cref="BalsamConnectionException"/> that explains it (<see cref="ConnectionDiagnostics"/>); then, when the client
/// has a token, learns whose it is (<see cref="ClientConnection.ActingUser"/>). A missing or refused token is not an
/// error here (<c>balsam login</c> connects without one): the service refuses the calls that need it, saying why.
/// Nor is a service that goes away again right after the connect: the token's user is then taken as configured.
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

        if (connection.Tokens.Current is null)
        {
            return;
        }

        try
        {
            if (await cluster.GetGrain<Balsam.Auth.IAuthGrain>(0).CallerAsync().WaitAsync(connection.ConnectTimeout, cancellationToken) is { } identity)
            {
                connection.ConfirmUser(identity.UserName);
            }
        }
        catch (Exception e) when (Errors.TransientErrors.IsTransient(e) || e is TimeoutException or OrleansException)
        {
            // The service went away right after the connect (a silo restart): the calls that follow wait for it and carry
            // the token all the same; until the token's user is known, the configured name stands.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => orleansClient.StopAsync(cancellationToken);
}
