using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Balsam.Client.Connection;

/// <summary>
/// Explains a failed connect: which address was tried and where it came from, whether anything listens there, whether
/// the silo the service file names still runs, and what to run or check.
/// </summary>
internal static class ConnectionDiagnostics
{
    /// <summary>The exception to throw for <paramref name="error"/>, after probing the gateway once.</summary>
    public static async Task<BalsamConnectionException> ExplainAsync(ClientConnection connection, Exception error)
    {
        var timedOut = error is OperationCanceledException or TimeoutException;
        var listening = await IsListeningAsync(connection.Address, connection.Endpoint.Port);
        return new BalsamConnectionException(
            FailureMessage(connection.Endpoint, timedOut, connection.ConnectTimeout, listening, error), connection.Endpoint, error);
    }

    private static string FailureMessage(ServiceEndpoint endpoint, bool timedOut, TimeSpan timeout, bool listening, Exception error)
    {
        var what = (timedOut, listening) switch
        {
            (true, false) => $"No Balsam silo answered at {endpoint.Gateway} within {timeout.TotalSeconds:0.#} s",
            (false, false) => $"No Balsam silo listens at {endpoint.Gateway} ({Describe(error)})",
            (true, true) => $"The Balsam silo at {endpoint.Gateway} did not accept this client within {timeout.TotalSeconds:0.#} s",
            (false, true) => $"The Balsam silo at {endpoint.Gateway} did not accept this client ({Describe(error)})",
        };
        var lines = new List<string> { $"{what}; the address came from {endpoint.Source}." };
        if (endpoint.SiloProcessId is { } pid && !IsRunning(pid))
        {
            lines.Add($"The service file names silo process {pid}, which is not running: it stopped without cleaning up.");
        }

        if (listening)
        {
            lines.Add($"Check that the silo's cluster id is '{endpoint.ClusterId}' and its service id is '{endpoint.ServiceId}' " +
                $"(balsam-silo --cluster-id/--service-id; {BalsamClientOptions.ClusterIdVariable}/{BalsamClientOptions.ServiceIdVariable} here), " +
                "and that the port is a silo gateway.");
        }
        else
        {
            lines.Add($"Start the service with `balsam-silo` (or deploy/quickstart.sh), or point {BalsamClientOptions.GatewayVariable}=host:port at a running silo.");
        }

        return string.Join(Environment.NewLine, lines);
    }

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

    private static bool IsRunning(int pid)
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
