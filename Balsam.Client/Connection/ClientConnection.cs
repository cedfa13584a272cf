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

    private string? _confirmedUser;

    /// <summary>Whether <see cref="UserName"/> was given in <see cref="BalsamClientOptions.UserName"/> (not guessed).</summary>
    public bool UserNameGiven { get; init; }

    /// <summary>
    /// The user the client acts as: once connected with a valid token, the token's user (the service scopes every call
    /// to it); before that, or without a token, <see cref="UserName"/>.
    /// </summary>
    public string ActingUser => Volatile.Read(ref _confirmedUser) ?? UserName;
    /// <summary>How long a call failing with a transient error is retried (<see cref="BalsamClientOptions.TransientRetryLimit"/>).</summary>
    public TimeSpan TransientRetryLimit { get; init; } = BalsamClientOptions.DefaultTransientRetryLimit;

    /// <summary>Where the token sent with every call comes from.</summary>
    public Auth.TokenSource Tokens { get; init; } = Auth.TokenSource.Resolve(new BalsamClientOptions(), _ => null);

    /// <summary>TLS to the gateways; null when the client connects in plain text.</summary>
    public GatewayTls? Tls { get; init; }

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
            UserNameGiven = !string.IsNullOrWhiteSpace(options.UserName),
            Tls = TlsOf(endpoint, gateways),
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
            UserNameGiven = !string.IsNullOrWhiteSpace(options.UserName),
            Tls = TlsOf(endpoint, gateways),
        };
    }

    /// <summary>
    /// Takes the user the service confirmed for the token; throws when <see cref="BalsamClientOptions.UserName"/> named
    /// someone else, since every call would then be refused or scoped to another user than the one asked for.
    /// </summary>
    public void ConfirmUser(string tokenUser)
    {
        if (UserNameGiven && tokenUser != UserName)
        {
            throw new Balsam.Auth.BalsamAuthenticationException(
                $"The token belongs to user '{tokenUser}', not to '{UserName}' (BalsamClientOptions.UserName): log in as '{UserName}' or drop the option");
        }

        Volatile.Write(ref _confirmedUser, tokenUser);
    }

    private static GatewayTls? TlsOf(ServiceEndpoint endpoint, IReadOnlyList<IPEndPoint> gateways) =>
        endpoint.Tls is { } settings ? GatewayTls.Create(settings, gateways.Select((g, i) => (g, endpoint.Gateways[i].Host))) : null;

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
