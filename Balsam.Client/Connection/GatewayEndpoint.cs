namespace Balsam.Client.Connection;

/// <summary>One silo gateway of the service: a host name or IP address and a TCP port.</summary>
/// <param name="Host">The gateway host name or IP address.</param>
/// <param name="Port">The gateway TCP port.</param>
public sealed record GatewayEndpoint(string Host, int Port)
{
    /// <summary>The gateway as <c>host:port</c> (IPv6 hosts in brackets).</summary>
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>
    /// Parses a comma-separated list of <c>host:port</c> addresses (<c>127.0.0.1:30000,127.0.0.1:30001</c>); blanks
    /// between commas are ignored and a repeated address is kept once.
    /// </summary>
    /// <param name="list">The list to parse.</param>
    /// <param name="gateways">The gateways, in the order given.</param>
    /// <param name="malformed">The first entry that is not <c>host:port</c>, when parsing fails.</param>
    /// <returns>True when every entry is well formed and there is at least one.</returns>
    public static bool TryParseList(string? list, out IReadOnlyList<GatewayEndpoint> gateways, out string? malformed)
    {
        var parsed = new List<GatewayEndpoint>();
        gateways = parsed;
        malformed = null;
        foreach (var entry in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ServiceEndpoint.TryParseGateway(entry, out var host, out var port))
            {
                malformed = entry;
                return false;
            }

            var gateway = new GatewayEndpoint(host, port);
            if (!parsed.Contains(gateway))
            {
                parsed.Add(gateway);
            }
        }

        malformed = parsed.Count == 0 ? list ?? "" : null;
        return parsed.Count > 0;
    }
}
