using Balsam.Client;
using Balsam.Sites;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent;

/// <summary>
/// The site agent (SPEC §4): keeps the site Active with a heartbeat and runs the processing service until stopped.
/// A failing service is logged and restarted after a pause, so one error never takes the agent down while the site
/// still looks Active (a weak point of Balsam).
/// </summary>
public sealed class SiteAgentService(BalsamClient client, long siteId, ILogger logger)
{
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(30);

    private CancellationTokenSource _generation = new();

    /// <summary>
    /// Reloads settings and apps (<c>balsam site sync</c> sends SIGHUP): the processing service restarts with fresh
    /// app definitions; jobs it holds are released by its session and acquired again.
    /// </summary>
    public void Reload()
    {
        var old = Interlocked.Exchange(ref _generation, new CancellationTokenSource());
        old.Cancel();
        logger.LogInformation("Reloading settings and apps");
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var site = client.Cluster.GetGrain<ISiteGrain>(siteId);
        await site.HeartbeatAsync();
        logger.LogInformation("Site agent for site {SiteId} started", siteId);
        await Task.WhenAll(
            Supervise("heartbeat", async ct =>
            {
                using var timer = new PeriodicTimer(HeartbeatPeriod);
                while (await timer.WaitForNextTickAsync(ct))
                {
                    await site.HeartbeatAsync();
                }
            }, cancellationToken),
            Supervise("processing", async ct =>
            {
                using var generation = CancellationTokenSource.CreateLinkedTokenSource(ct, _generation.Token);
                var site = await client.Sites.GetAsync(siteId);
                try
                {
                    await new ProcessingService(client, siteId, site.Path, logger).RunAsync(generation.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // reloaded: the supervisor starts it again
                }
            }, cancellationToken));
        logger.LogInformation("Site agent for site {SiteId} stopped", siteId);
    }

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
            catch (Exception e)
            {
                logger.LogError(e, "The {Service} service failed; it restarts in 5 s", name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
