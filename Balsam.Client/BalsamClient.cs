using System.Diagnostics;
using System.Net;
using Balsam.Client.Analytics;
using Balsam.Client.Apps;
using Balsam.Client.BatchJobs;
using Balsam.Client.Connection;
using Balsam.Client.Events;
using Balsam.Client.Futures;
using Balsam.Client.Jobs;
using Balsam.Client.Sites;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Balsam.Client;

/// <summary>
/// A connection to the Balsam service for one user: the entry point of the SDK.
/// <code>
/// await using var balsam = await BalsamClient.ConnectAsync();
/// await balsam.Apps.SyncAsync&lt;Adder&gt;();
/// var job = await balsam.Jobs.SubmitAsync&lt;Adder&gt;("add/1", new { x = 5, y = 5 });
/// int sum = await job.ResultAsync&lt;int&gt;(TimeSpan.FromMinutes(5));
/// </code>
/// </summary>
public sealed class BalsamClient : IAsyncDisposable
{
    private static BalsamClient? _default;
    private readonly IHost _host;
    private int _disposed;

    private BalsamClient(IHost host, ServiceEndpoint endpoint, string userName)
    {
        _host = host;
        Endpoint = endpoint;
        UserName = userName;
        Cluster = host.Services.GetRequiredService<IClusterClient>();
        Sites = new SiteManager(Cluster, userName);
        Apps = new AppManager(this);
        Jobs = new JobManager(this);
        Events = new EventManager(this);
        TransferItems = new Transfers.TransferItemManager(this);
        BatchJobs = new BatchJobManager(this);
        Analytics = new AnalyticsManager(this);
        Watcher = new JobWatcher(Cluster);
    }

    /// <summary>
    /// The client that jobs made with <c>new Job()</c> save through: the first client connected in this process, until
    /// it is disposed. Set it to choose another.
    /// </summary>
    public static BalsamClient? Default
    {
        get => Volatile.Read(ref _default);
        set => Volatile.Write(ref _default, value);
    }

    /// <summary>The service this client is connected to.</summary>
    public ServiceEndpoint Endpoint { get; }

    /// <summary>The user whose sites and apps this client works with.</summary>
    public string UserName { get; }

    /// <summary>The user's sites: create, find, list, rename, move, delete.</summary>
    public SiteManager Sites { get; }

    /// <summary>The apps registered at the user's sites: sync app classes, load and list them.</summary>
    public AppManager Apps { get; }

    /// <summary>The user's jobs: create, query, update, delete, and wait for them.</summary>
    public JobManager Jobs { get; }

    /// <summary>The state changes of the user's jobs.</summary>
    public EventManager Events { get; }

    /// <summary>What the user's jobs stage in and out: queries over their transfer items.</summary>
    public Transfers.TransferItemManager TransferItems { get; }

    /// <summary>The allocations requested from the schedulers of the user's sites: create, query, end, remove.</summary>
    public BatchJobManager BatchJobs { get; }

    /// <summary>Throughput, utilization and available nodes over time, from the user's events and batch jobs.</summary>
    public AnalyticsManager Analytics { get; }

    /// <summary>The observer that job futures wait through.</summary>
    internal JobWatcher Watcher { get; }

    /// <summary>
    /// The underlying Orleans client: direct grain access for the site runtime (the agent, the launcher,
    /// <c>balsam run-app</c>) and for tools. Applications should use the managers (<see cref="Sites"/>,
    /// <see cref="Apps"/>, <see cref="Jobs"/>, ...), which enforce the user's scope and the contract's rules.
    /// </summary>
    public IClusterClient Cluster { get; }

    /// <summary>
    /// Connects to the service found from <paramref name="options"/>, the <c>BALSAM_*</c> environment variables or
    /// the Balsam home's <c>service.json</c>, in that order (see <see cref="BalsamClientOptions"/>).
    /// </summary>
    /// <param name="options">Explicit settings; null uses the environment and the service file.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A connected client; dispose it to disconnect.</returns>
    /// <exception cref="BalsamConnectionException">
    /// No silo answered at the resolved address within the connect timeout; the message names the address and what to run.
    /// </exception>
    public static async Task<BalsamClient> ConnectAsync(BalsamClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BalsamClientOptions();
        var endpoint = ServiceEndpointResolver.Resolve(options, Environment.GetEnvironmentVariable);
        var timeout = ServiceEndpointResolver.ConnectTimeout(options, Environment.GetEnvironmentVariable);
        var userName = !string.IsNullOrWhiteSpace(options.UserName) ? options.UserName
            : Environment.GetEnvironmentVariable(BalsamClientOptions.UserVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Environment.UserName;

        var address = await ResolveAddressAsync(endpoint, cancellationToken);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "balsam-client",
        });
        ConfigureLogging(builder.Logging, options);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(address, endpoint.Port));
            // Orleans' default filter retries a refused connection until the timeout; fail at once instead.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = endpoint.ClusterId;
                o.ServiceId = endpoint.ServiceId;
            });
        });
        var host = builder.Build();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await host.StartAsync(deadline.Token).WaitAsync(timeout, cancellationToken);
            var client = new BalsamClient(host, endpoint, userName);
            Interlocked.CompareExchange(ref _default, client, null);
            return client;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await AbandonAsync(host);
            var timedOut = e is OperationCanceledException or TimeoutException;
            var listening = await IsListeningAsync(address, endpoint.Port);
            throw new BalsamConnectionException(FailureMessage(endpoint, timedOut, timeout, listening, e), endpoint, e);
        }
        catch
        {
            await AbandonAsync(host);
            throw;
        }
    }

    /// <summary>Disconnects from the service.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Interlocked.CompareExchange(ref _default, null, this);
        await Watcher.DisposeAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _host.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The gateway went away first: nothing left to close gracefully.
        }

        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }

    /// <summary>Silent unless asked: <see cref="BalsamClientOptions.LogLevel"/> or <c>BALSAM_LOG_LEVEL</c> turns on console logging to stderr.</summary>
    private static void ConfigureLogging(ILoggingBuilder logging, BalsamClientOptions options)
    {
        logging.ClearProviders();
        var level = options.LogLevel;
        if (level is null && Environment.GetEnvironmentVariable(BalsamClientOptions.LogLevelVariable) is { Length: > 0 } text)
        {
            level = Enum.TryParse<LogLevel>(text, ignoreCase: true, out var parsed)
                ? parsed
                : throw new BalsamConnectionException(
                    $"{BalsamClientOptions.LogLevelVariable}='{text}' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None).");
        }

        if (level is { } minimum and not LogLevel.None)
        {
            logging.SetMinimumLevel(minimum);
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }

    private static async Task<IPAddress> ResolveAddressAsync(ServiceEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(endpoint.Host, out var literal))
        {
            return literal;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
            return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault()
                ?? throw new BalsamConnectionException($"The gateway host '{endpoint.Host}' (from {endpoint.Source}) has no address.", endpoint);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new BalsamConnectionException(
                $"The gateway host '{endpoint.Host}' (from {endpoint.Source}) could not be resolved: {e.Message}", endpoint, e);
        }
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
        using var probe = new System.Net.Sockets.TcpClient(address.AddressFamily);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await probe.ConnectAsync(address, port, limit.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string Describe(Exception error)
    {
        var inner = error;
        while (inner.InnerException is not null && inner is not System.Net.Sockets.SocketException)
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

    private static async Task AbandonAsync(IHost host)
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await host.StopAsync(stop.Token);
        }
        catch (Exception)
        {
            // The host never started properly; stopping is best effort.
        }

        try
        {
            host.Dispose();
        }
        catch (Exception)
        {
            // Same: nothing useful to report beyond the connection failure itself.
        }
    }
}
