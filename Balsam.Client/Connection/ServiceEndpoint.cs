namespace Balsam.Client.Connection;

/// <summary>
/// Where the Balsam service is: its silo gateways (one or several; the client fails over between them) and the Orleans
/// ids it must present, and where each came from.
/// </summary>
/// <param name="Host">The first gateway's host name or IP address.</param>
/// <param name="Port">The first gateway's TCP port.</param>
/// <param name="ClusterId">The Orleans cluster id.</param>
/// <param name="ServiceId">The Orleans service id.</param>
/// <param name="Source">Where the gateway address came from: <c>options</c>, an environment variable, a service file path, or <c>default</c>.</param>
/// <param name="SiloProcessId">The process id the service file names, when the address came from one.</param>
public sealed record ServiceEndpoint(string Host, int Port, string ClusterId, string ServiceId, string Source, int? SiloProcessId = null)
{
    private readonly IReadOnlyList<GatewayEndpoint>? _gateways;

    /// <summary>The first gateway as <c>host:port</c>.</summary>
    public string Gateway => new GatewayEndpoint(Host, Port).ToString();

    /// <summary>
    /// Every gateway of the service, the first one being <see cref="Host"/>:<see cref="Port"/>. The client is given all
    /// of them and uses another when the silo behind one stops.
    /// </summary>
    public IReadOnlyList<GatewayEndpoint> Gateways
    {
        get => _gateways is { Count: > 0 } gateways ? gateways : [new GatewayEndpoint(Host, Port)];
        init => _gateways = value;
    }

    /// <summary>The gateways as a comma-separated list, the form <c>BALSAM_GATEWAY</c> takes.</summary>
    public string GatewayList => string.Join(",", Gateways);

    /// <summary>Every silo process id the service file names, when the addresses came from one.</summary>
    public IReadOnlyList<int> SiloProcessIds { get; init; } = SiloProcessId is { } pid ? [pid] : [];

    /// <summary>
    /// The base address of the service's HTTP port (its REST API and read-only query routes), from the same place as the
    /// gateways (<c>BALSAM_HTTP</c> or the service file); null when unknown. Tokens are sent there in plain text only to a
    /// loopback address.
    /// </summary>
    public Uri? Http { get; init; }

    /// <summary>How the client reaches the gateways over TLS; null when it connects in plain text.</summary>
    public ServiceTls? Tls { get; init; }

    /// <summary>Resolves the endpoint from options, then environment variables, then the Balsam home's <c>service.json</c>, then defaults.</summary>
    /// <param name="options">Explicit settings; null uses the environment and the service file only.</param>
    /// <returns>The endpoint to connect to.</returns>
    /// <exception cref="BalsamConnectionException">A gateway address or the service file is malformed.</exception>
    public static ServiceEndpoint Resolve(BalsamClientOptions? options = null) =>
        ServiceEndpointResolver.Resolve(options ?? new BalsamClientOptions(), Environment.GetEnvironmentVariable);

    /// <summary>Splits <c>host:port</c> (IPv6 hosts in brackets: <c>[::1]:30000</c>).</summary>
    /// <param name="gateway">The address to parse.</param>
    /// <param name="host">The host part.</param>
    /// <param name="port">The port part.</param>
    /// <returns>True when the address is well formed.</returns>
    public static bool TryParseGateway(string? gateway, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrWhiteSpace(gateway))
        {
            return false;
        }

        var text = gateway.Trim();
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out port) || port is <= 0 or > 65535)
        {
            return false;
        }

        host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            return false; // an IPv6 address needs brackets
        }

        return host.Length > 0;
    }
}
