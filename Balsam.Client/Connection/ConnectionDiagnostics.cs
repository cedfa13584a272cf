using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Balsam.Client.Connection;

/// <summary>
/// Explains a failed connect: which addresses were tried and where they came from, whether anything listens there,
/// whether the silos the service file names still run, and what to run or check.
/// </summary>
internal static class ConnectionDiagnostics
{
    /// <summary>The exception to throw for <paramref name="error"/>, after probing the gateway once.</summary>
    public static async Task<BalsamConnectionException> ExplainAsync(ClientConnection connection, Exception error)
    {
        var timedOut = error is OperationCanceledException or TimeoutException;
        var probes = await Task.WhenAll(connection.Gateways.Select(g => IsListeningAsync(g.Address, g.Port)));
        var listening = connection.Endpoint.Gateways.Where((_, i) => probes[i]).ToList();
        var tls = listening.Count > 0 ? TlsHint(connection) : null;
        return new BalsamConnectionException(
            FailureMessage(connection.Endpoint, timedOut, connection.ConnectTimeout, listening, error, tls), connection.Endpoint, error);
    }

    private static string FailureMessage(
        ServiceEndpoint endpoint, bool timedOut, TimeSpan timeout, IReadOnlyList<GatewayEndpoint> listeningAt, Exception error, string? tlsHint)
    {
        var several = endpoint.Gateways.Count > 1;
        var at = several ? $"any of {endpoint.GatewayList}" : endpoint.Gateway;
        var listening = listeningAt.Count > 0;
        var what = (timedOut, listening) switch
        {
            (true, false) => $"No Balsam silo answered at {at} within {timeout.TotalSeconds:0.#} s",
            (false, false) => $"No Balsam silo listens at {at} ({Describe(error)})",
            (true, true) => $"The Balsam silo{(several ? "s" : "")} at {at} did not accept this client within {timeout.TotalSeconds:0.#} s",
            (false, true) => $"The Balsam silo{(several ? "s" : "")} at {at} did not accept this client ({Describe(error)})",
        };
        var lines = new List<string> { $"{what}; the address{(several ? "es" : "")} came from {endpoint.Source}." };
        if (tlsHint is not null)
        {
            lines.Add(tlsHint);
        }

        if (several)
        {
            lines.Add(listening
                ? $"Something listens at {string.Join(", ", listeningAt)}; nothing at {string.Join(", ", endpoint.Gateways.Except(listeningAt))}."
                : $"Tried {endpoint.Gateways.Count} gateways: {string.Join(", ", endpoint.Gateways)}; nothing listens at any of them.");
        }

        var stale = endpoint.SiloProcessIds.Where(pid => !IsRunning(pid)).ToList();
        if (stale.Count > 0)
        {
            lines.Add(stale.Count == 1
                ? $"The service file names silo process {stale[0]}, which is not running: it stopped without cleaning up."
                : $"The service file names silo processes {string.Join(", ", stale)}, which are not running: they stopped without cleaning up.");
        }

        if (listening)
        {
            lines.Add($"Check that the silo's cluster id is '{endpoint.ClusterId}' and its service id is '{endpoint.ServiceId}' " +
                $"(balsam-silo --cluster-id/--service-id; {BalsamClientOptions.ClusterIdVariable}/{BalsamClientOptions.ServiceIdVariable} here), " +
                "and that the port is a silo gateway.");
        }
        else
        {
            lines.Add($"Start the service with `balsam-silo` (or deploy/quickstart.sh, deploy/cluster.sh), or point " +
                $"{BalsamClientOptions.GatewayVariable}=host:port[,host:port...] at running silos.");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>What TLS may have to do with a gateway that listens but did not accept the client.</summary>
    private static string TlsHint(ClientConnection connection) => connection.Tls switch
    {
        { LastRefusal: { } refusal } => $"TLS: this client refused the gateway's certificate: {refusal}.",
        { } tls => $"TLS: this client connects with TLS (from {tls.Settings.Source}); if the silo does not use TLS " +
            $"(balsam-silo --tls-certificate), set {BalsamClientOptions.TlsVariable}=false.",
        null => "TLS: this client connects in plain text; if the silo requires TLS (balsam-silo --tls-certificate), connect with TLS: " +
            $"{BalsamClientOptions.TlsCaVariable}=ca.pem to trust the CA that signed its certificate, or {BalsamClientOptions.TlsVariable}=true for the system store.",
    };

    /// <summary>After a failed connect: does anything accept TCP connections there at all?</summary>
    private static async Task<bool> IsListeningAsync(IPAddress address, int port)
    {
        using var probe = new TcpClient(address.AddressFamily);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await probe.ConnectAsync(address, port, limit.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string Describe(Exception error)
    {
        var inner = error;
        while (inner.InnerException is not null && inner is not SocketException)
        {
            inner = inner.InnerException;
        }

        return inner.Message.TrimEnd('.');
    }

    /// <summary>Whether a process with this id runs on this machine.</summary>
    internal static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
