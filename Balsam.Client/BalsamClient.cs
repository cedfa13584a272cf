using Balsam.Client.Analytics;
using Balsam.Client.Apps;
using Balsam.Client.BatchJobs;
using Balsam.Client.Connection;
using Balsam.Client.Events;
using Balsam.Client.Futures;
using Balsam.Client.Hosting;
using Balsam.Client.Jobs;
using Balsam.Client.Sites;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
    private readonly IHost? _host;
    private readonly Auth.TokenSource _tokens;
    private readonly ClientConnection _connection;
    private int _disposed;

    internal BalsamClient(IClusterClient cluster, ClientConnection connection, IHost? ownHost)
    {
        _host = ownHost;
        _tokens = connection.Tokens;
        Endpoint = connection.Endpoint;
        _connection = connection;
        Cluster = cluster;
        Sites = new SiteManager(Cluster, () => _connection.ActingUser);
        Apps = new AppManager(this);
        Jobs = new JobManager(this);
        Events = new EventManager(this);
        TransferItems = new Transfers.TransferItemManager(this);
        BatchJobs = new BatchJobManager(this);
        Analytics = new AnalyticsManager(this);
        Watcher = new JobWatcher(Cluster);
        Interlocked.CompareExchange(ref _default, this, null);
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

    /// <summary>
    /// The bearer token sent with every call (from <see cref="BalsamClientOptions.Token"/>, <c>BALSAM_TOKEN</c> or the
    /// Balsam home's token file, re-read when it changes); null when there is none.
    /// </summary>
    public string? Token => _tokens.Current;

    /// <summary>The file the token is read from; null when it was given directly (option or <c>BALSAM_TOKEN</c>).</summary>
    public string? TokenFilePath => _tokens.FilePath;

    /// <summary>
    /// The value of <c>BALSAM_TOKEN</c> that gives a process this client starts the same token: <c>@PATH</c> of the
    /// token file (so that a renewed token reaches it too), the token itself, or empty when there is none.
    /// </summary>
    public string TokenEnvironmentValue => _tokens.EnvironmentValue;

    /// <summary>
    /// The user whose sites and apps this client works with: the token's user once connected (the service scopes every
    /// call to it), else <see cref="BalsamClientOptions.UserName"/>, <c>BALSAM_USER</c> or the operating-system user.
    /// </summary>
    public string UserName => _connection.ActingUser;

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
        var connection = await ClientConnection.ResolveAsync(options, cancellationToken);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "balsam-client",
        });
        ClientLogging.Configure(builder.Logging, options);
        builder.Services.AddSingleton(connection);
        OrleansClientRegistration.Add(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return new BalsamClient(host.Services.GetRequiredService<IClusterClient>(), connection, host);
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
        if (_host is null)
        {
            return; // a hosted app's client: the host stops the connection
        }

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
