using System.Net;
using System.Net.Sockets;

namespace Balsam.Client.Connection;

/// <summary>The IP address of a gateway host; a name that does not resolve is a <see cref="BalsamConnectionException"/> naming where it came from.</summary>
internal static class GatewayAddress
{
    public static async Task<IPAddress> ResolveAsync(GatewayEndpoint gateway, ServiceEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(gateway.Host, out var literal))
        {
            return literal;
        }

        try
        {
            return Pick(gateway, endpoint, await Dns.GetHostAddressesAsync(gateway.Host, cancellationToken));
        }
        catch (SocketException e)
        {
            throw Unresolved(gateway, endpoint, e);
        }
    }

    /// <summary>The same, blocking: for options read when a hosted app's Orleans client is built.</summary>
    public static IPAddress Resolve(GatewayEndpoint gateway, ServiceEndpoint endpoint)
    {
        if (IPAddress.TryParse(gateway.Host, out var literal))
        {
            return literal;
        }

        try
        {
            return Pick(gateway, endpoint, Dns.GetHostAddresses(gateway.Host));
        }
        catch (SocketException e)
        {
            throw Unresolved(gateway, endpoint, e);
        }
    }

    /// <summary>IPv4 first, like the silo listens by default.</summary>
    private static IPAddress Pick(GatewayEndpoint gateway, ServiceEndpoint endpoint, IPAddress[] addresses) =>
        addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
        ?? addresses.FirstOrDefault()
        ?? throw new BalsamConnectionException($"The gateway host '{gateway.Host}' (from {endpoint.Source}) has no address.", endpoint);

    private static BalsamConnectionException Unresolved(GatewayEndpoint gateway, ServiceEndpoint endpoint, SocketException e) =>
        new($"The gateway host '{gateway.Host}' (from {endpoint.Source}) could not be resolved: {e.Message}", endpoint, e);
}
