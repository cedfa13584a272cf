using System.Net;

namespace Balsam.Client.Connection;

/// <summary>
/// Where and as whom a client connects, resolved from <see cref="BalsamClientOptions"/>, the <c>BALSAM_*</c> variables
/// and the service file: the endpoint, its IP address, the connect timeout and the user name.
/// </summary>
internal sealed record ClientConnection(ServiceEndpoint Endpoint, IPAddress Address, TimeSpan ConnectTimeout, string UserName)
{
    /// <summary>The gateway as the socket address the Orleans client dials.</summary>
    public IPEndPoint Gateway => new(Address, Endpoint.Port);

    public static async Task<ClientConnection> ResolveAsync(BalsamClientOptions options, CancellationToken cancellationToken)
    {
        var (endpoint, timeout, userName) = ResolveSettings(options);
        return new(endpoint, await GatewayAddress.ResolveAsync(endpoint, cancellationToken), timeout, userName);
    }

    /// <summary>The same, blocking on a host name's lookup (an IP literal needs none).</summary>
    public static ClientConnection Resolve(BalsamClientOptions options)
    {
        var (endpoint, timeout, userName) = ResolveSettings(options);
        return new(endpoint, GatewayAddress.Resolve(endpoint), timeout, userName);
    }

    private static (ServiceEndpoint Endpoint, TimeSpan Timeout, string UserName) ResolveSettings(BalsamClientOptions options)
    {
        var endpoint = ServiceEndpointResolver.Resolve(options, Environment.GetEnvironmentVariable);
        var timeout = ServiceEndpointResolver.ConnectTimeout(options, Environment.GetEnvironmentVariable);
        var userName = !string.IsNullOrWhiteSpace(options.UserName) ? options.UserName
            : Environment.GetEnvironmentVariable(BalsamClientOptions.UserVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Environment.UserName;
        return (endpoint, timeout, userName);
    }
}
