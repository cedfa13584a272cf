using System.Net;
using System.Net.Sockets;

namespace Balsam.Client.Connection;

/// <summary>The IP address of a gateway host; a name that does not resolve is a <see cref="BalsamConnectionException"/> naming where it came from.</summary>
internal static class GatewayAddress
{
    public static async Task<IPAddress> ResolveAsync(ServiceEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(endpoint.Host, out var literal))
        {
            return literal;
        }

        try
        {
            return Pick(endpoint, await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken));
        }
        catch (SocketException e)
        {
            throw Unresolved(endpoint, e);
        }
    }

    /// <summary>The same, blocking: for options read when a hosted app's Orleans client is built.</summary>
    public static IPAddress Resolve(ServiceEndpoint endpoint)
    {
        if (IPAddress.TryParse(endpoint.Host, out var literal))
        {
            return literal;
        }

        try
        {
            return Pick(endpoint, Dns.GetHostAddresses(endpoint.Host));
        }
        catch (SocketException e)
        {
            throw Unresolved(endpoint, e);
        }
    }

    /// <summary>IPv4 first, like the silo listens by default.</summary>
    private static IPAddress Pick(ServiceEndpoint endpoint, IPAddress[] addresses) =>
        addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
        ?? addresses.FirstOrDefault()
        ?? throw new BalsamConnectionException($"The gateway host '{endpoint.Host}' (from {endpoint.Source}) has no address.", endpoint);

    private static BalsamConnectionException Unresolved(ServiceEndpoint endpoint, SocketException e) =>
        new($"The gateway host '{endpoint.Host}' (from {endpoint.Source}) could not be resolved: {e.Message}", endpoint, e);
}
