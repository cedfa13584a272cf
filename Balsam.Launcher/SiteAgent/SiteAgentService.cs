using Balsam.Client;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent.ElasticQueue;
using Balsam.Launcher.SiteAgent.FileCleaner;
using Balsam.Launcher.SiteAgent.Scheduler;
using Balsam.Launcher.SiteAgent.Transfers;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;
using Balsam.Sites;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent;

/// <summary>
/// The site agent (SPEC §4): keeps the site Active with a heartbeat and runs the services settings.yml turns on
/// (processing, scheduler, elastic queue, transfers, file cleaner) until stopped. Each service is supervised on its own: a failing one is logged
/// and restarted after a pause, so one error never takes the agent down while the site still looks Active (a weak
/// point of Balsam). <see cref="Reload"/> reads settings.yml again and restarts the services with it.
/// </summary>
public sealed class SiteAgentService(BalsamClient client, long siteId, ILogger logger)
{
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(30);

    private const string HeartbeatName = "heartbeat";

    /// <summary>Where a transfer setting the agent cannot serve shows among the site's problems (<c>balsam site ls</c>).</summary>
    private const string TransferSettingsCheck = "transfer settings";

    private static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(5);

    private CancellationTokenSource _generation = new();

    // The agent is a daemon: it never gives up on the service, it only says once that it is away and once that it is back.
    private readonly Sites.ServiceOutage _outage = new(TimeSpan.MaxValue, "site agent", logger);

    /// <summary>Submissions not recorded yet, kept across reloads (see <see cref="SchedulerService.Unrecorded"/>).</summary>
    private readonly Dictionary<long, long> _unrecordedSubmissions = [];

    /// <summary>The command batch jobs start <c>balsam</c> with; null: this program (<see cref="Sites.BalsamProgram"/>).</summary>
    public IReadOnlyList<string>? BalsamCommand { get; init; }

    /// <summary>How each service is doing; sent with every heartbeat and shown by <c>balsam site ls</c>.</summary>
    public ServiceHealthBoard Health { get; } = new();

    /// <summary>Runs the batch scheduler's commands (sbatch, squeue, ...).</summary>
    public ICommandRunner CommandRunner { get; init; } = new ProcessCommandRunner();

    /// <summary>
    /// Reloads settings and apps (<c>balsam site sync</c> sends SIGHUP): the services restart with fresh settings and app
    /// definitions; jobs the processing service holds are released by its session and acquired again.
    /// </summary>
    public void Reload()
    {
        logger.LogInformation("Reloading settings and apps"); // first: cancelling runs the services' callbacks on this thread
        var old = Interlocked.Exchange(ref _generation, new CancellationTokenSource());
        old.Cancel();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var site = client.Cluster.GetGrain<ISiteGrain>(siteId);
        await site.HeartbeatAsync();
        logger.LogInformation("Site agent for site {SiteId} started", siteId);
        await Task.WhenAll(
            Supervise(HeartbeatName, async ct =>
            {
                while (!ct.IsCancellationRequested)
                {
                    await Health.WaitForChangeAsync(_outage.IsDown ? TimeSpan.FromSeconds(2) : HeartbeatPeriod, ct);
                    await site.ReportServicesAsync(Health.Snapshot());
                    _outage.Succeeded();
                }
            }, cancellationToken),
            Supervise("site services", RunServicesAsync, cancellationToken),
            new Sites.TokenRenewal(client, logger).RunAsync(cancellationToken));
        logger.LogInformation("Site agent for site {SiteId} stopped", siteId);
    }

    /// <summary>One generation: settings read once, every enabled service run until a reload or the stop.</summary>
    private async Task RunServicesAsync(CancellationToken cancellationToken)
    {
        using var generation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _generation.Token);
        var siteInfo = await client.Sites.GetAsync(siteId);
        var settings = LoadSettings(siteInfo.Path);
        if (settings is not null)
        {
            await client.Sites.UpdateSettingsAsync(siteId, settings.ToSummary());
        }
        else
        {
            // Bad settings: hooks still run; nothing is submitted, moved or deleted until settings.yml is fixed.
            settings = SiteSettings.Default with { Scheduler = null, ElasticQueue = null, Transfers = null, FileCleaner = null };
        }

        var services = new List<Task>();
        Health.Clear();
        if (settings.Processing is not null)
        {
            var processing = new ProcessingService(client, siteId, siteInfo.Path, logger)
            {
                Settings = settings.Processing,
                Apps = settings.Apps,
                BalsamCommand = BalsamCommand ?? Sites.BalsamProgram.Command,
                Health = Health,
            };
            Health.Register(ProcessingService.ServiceName, processing.PollPeriod);
            services.Add(Supervise(ProcessingService.ServiceName, processing.RunAsync, generation.Token));
        }

        if (settings.Scheduler is { } scheduler)
        {
            var service = new SchedulerService(client, siteId, siteInfo.Path, settings, CreateScheduler(scheduler.SchedulerClass, siteInfo.Path), logger)
            {
                BalsamCommand = BalsamCommand ?? Sites.BalsamProgram.Command,
                Health = Health,
                Unrecorded = _unrecordedSubmissions,
            };
            Health.Register(SchedulerService.ServiceName, TimeSpan.FromSeconds(Math.Max(1, scheduler.SyncPeriod)));
            services.Add(Supervise(SchedulerService.ServiceName, service.RunAsync, generation.Token));
        }

        if (settings.ElasticQueue is { } elastic)
        {
            var service = new ElasticQueueService(client, siteId, settings.FilterTags, elastic, logger) { Health = Health };
            Health.Register(ElasticQueueService.ServiceName, TimeSpan.FromSeconds(Math.Max(1, elastic.ServicePeriod)));
            services.Add(Supervise(ElasticQueueService.ServiceName, service.RunAsync, generation.Token));
        }

        if (settings.Transfers is { } transfers)
        {
            var service = new TransferService(client, siteId, siteInfo.Path, transfers, TransferProviders.For(transfers, siteInfo.Path), logger)
            {
                Health = Health,
            };
            Health.Register(TransferService.ServiceName, service.Period);
            services.Add(Supervise(TransferService.ServiceName, service.RunAsync, generation.Token));
            WarnAboutMissingTools(transfers);
        }
        else
        {
            logger.LogInformation("The transfer service is off (transfers is null in settings.yml): stage-in and stage-out items wait");
        }

        if (settings.FileCleaner is { } cleaner)
        {
            var service = new FileCleanerService(client, siteId, siteInfo.Path, cleaner, logger) { Health = Health };
            Health.Register(FileCleanerService.ServiceName, service.Period);
            services.Add(Supervise(FileCleanerService.ServiceName, service.RunAsync, generation.Token));
        }
        else
        {
            logger.LogInformation("The file cleaner is off (file_cleaner is not set in settings.yml): finished jobs keep their cleanup_files");
        }

        try
        {
            await client.Cluster.GetGrain<ISiteGrain>(siteId).ReportServicesAsync(Health.Snapshot());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not report the services' health yet: {Message}", e.Message); // the heartbeat reports it later
        }

        services.Add(WaitForReloadAsync(generation.Token));
        await Task.WhenAll(services);
    }

    private static async Task WaitForReloadAsync(CancellationToken generation)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, generation);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private SiteSettings? LoadSettings(string siteFolder)
    {
        try
        {
            return SettingsLoader.LoadFromSite(siteFolder);
        }
        catch (InvalidSettingsException e)
        {
            logger.LogError("settings.yml has problems; only processing runs (nothing is submitted) until it is fixed and `balsam site sync` runs:\n{Problems}", e.Message);
            return null;
        }
        catch (FileNotFoundException e)
        {
            logger.LogWarning("{Message}; only processing runs", e.Message);
            return null;
        }
    }

    /// <summary>An rsync location on a machine without rsync cannot be served: said once per start, not once per item.</summary>
    private void WarnAboutMissingTools(TransferSettings transfers)
    {
        var rsyncLocations = transfers.TransferLocations.Where(l => l.Value.StartsWith("rsync://", StringComparison.Ordinal)).Select(l => l.Key).ToList();
        if (rsyncLocations.Count > 0 && !OnPath("rsync"))
        {
            var problem = $"transfers.transfer_locations: {string.Join(", ", rsyncLocations)} use rsync, which is not installed here; their items fail until it is";
            logger.LogError("{Problem}", problem);
            Health.Failed(TransferSettingsCheck, problem);
        }

        if (transfers.SshConfigFile is { } sshConfig && rsyncLocations.Count > 0 && !File.Exists(sshConfig))
        {
            var problem = $"transfers.ssh_config_file: '{sshConfig}' does not exist; items of {string.Join(", ", rsyncLocations)} over ssh fail until it does";
            logger.LogError("{Problem}", problem);
            Health.Failed(TransferSettingsCheck, problem);
        }

        if (transfers.GlobusEndpointId is not null && GlobusTokenSource.ForUser(transfers.GlobusAccessToken).Problem() is { } missing)
        {
            var problem = $"transfers.globus_endpoint_id is set, but {missing}; Globus items fail until there is one";
            logger.LogError("{Problem}", problem);
            Health.Failed(TransferSettingsCheck, problem);
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, program)));

    private IBatchScheduler CreateScheduler(string schedulerClass, string siteFolder) =>
        BatchSchedulers.Create(schedulerClass, CommandRunner, Environment.UserName, siteFolder);

    private async Task Supervise(string name, Func<CancellationToken, Task> service, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await service(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (Errors.TransientErrors.IsTransient(e))
            {
                _outage.Failed(e); // one line for the whole outage; the service restarts when it is back
                try
                {
                    await Task.Delay(RestartPause, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "The {Service} service failed; it restarts in {Pause} s", name, RestartPause.TotalSeconds);
                if (name != HeartbeatName)
                {
                    Health.Failed(name, $"{e.GetType().Name}: {e.Message}");
                }
                try
                {
                    await Task.Delay(RestartPause, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
