using System.Net;

namespace Balsam.Client.Connection;

/// <summary>
/// Where and as whom a client connects, resolved from <see cref="BalsamClientOptions"/>, the <c>BALSAM_*</c> variables
/// and the service file: the endpoint, the socket address of each of its gateways, the connect timeout and the user name.
/// </summary>
internal sealed record ClientConnection(ServiceEndpoint Endpoint, IReadOnlyList<IPEndPoint> Gateways, TimeSpan ConnectTimeout, string UserName)
{
    /// <summary>How long one call waits for its answer; null keeps Orleans' default.</summary>
    public TimeSpan? ResponseTimeout { get; init; }

    /// <summary>How long a call failing with a transient error is retried (<see cref="BalsamClientOptions.TransientRetryLimit"/>).</summary>
    public TimeSpan TransientRetryLimit { get; init; } = BalsamClientOptions.DefaultTransientRetryLimit;

    /// <summary>Where the token sent with every call comes from.</summary>
    public Auth.TokenSource Tokens { get; init; } = Auth.TokenSource.Resolve(new BalsamClientOptions(), _ => null);

    public static async Task<ClientConnection> ResolveAsync(BalsamClientOptions options, CancellationToken cancellationToken)
    {
        var (endpoint, timeout, userName) = ResolveSettings(options);
        var gateways = new List<IPEndPoint>();
        foreach (var gateway in endpoint.Gateways)
        {
            gateways.Add(new IPEndPoint(await GatewayAddress.ResolveAsync(gateway, endpoint, cancellationToken), gateway.Port));
        }

        return new(endpoint, gateways, timeout, userName) 
        {
            ResponseTimeout = options.ResponseTimeout,
            TransientRetryLimit = ServiceEndpointResolver.TransientRetryLimit(options, Environment.GetEnvironmentVariable),
            Tokens = Auth.TokenSource.Resolve(options, Environment.GetEnvironmentVariable),
        };
    }

    /// <summary>The same, blocking on a host name's lookup (an IP literal needs none).</summary>
    public static ClientConnection Resolve(BalsamClientOptions options)
    {
        var (endpoint, timeout, userName) = ResolveSettings(options);
        var gateways = endpoint.Gateways.Select(g => new IPEndPoint(GatewayAddress.Resolve(g, endpoint), g.Port)).ToList();
        return new(endpoint, gateways, timeout, userName) 
        {
            ResponseTimeout = options.ResponseTimeout,
            TransientRetryLimit = ServiceEndpointResolver.TransientRetryLimit(options, Environment.GetEnvironmentVariable),
            Tokens = Auth.TokenSource.Resolve(options, Environment.GetEnvironmentVariable),
        };
    }

    private static (ServiceEndpoint Endpoint, TimeSpan Timeout, string UserName) ResolveSettings(BalsamClientOptions options)
    {
        if (options.ResponseTimeout is { } response && response <= TimeSpan.Zero)
        {
            throw new BalsamConnectionException($"The response timeout {response} is not positive (BalsamClientOptions.ResponseTimeout).");
        }

        var endpoint = ServiceEndpointResolver.Resolve(options, Environment.GetEnvironmentVariable);
        var timeout = ServiceEndpointResolver.ConnectTimeout(options, Environment.GetEnvironmentVariable);
        var userName = !string.IsNullOrWhiteSpace(options.UserName) ? options.UserName
            : Environment.GetEnvironmentVariable(BalsamClientOptions.UserVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Environment.UserName;
        return (endpoint, timeout, userName);
    }
}
