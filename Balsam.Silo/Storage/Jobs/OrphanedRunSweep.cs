using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// A RUNNING job always has a live session (DESIGN §7): this sweep finds RUNNING jobs whose lease is empty or names a
/// session that no longer exists (a crash between a lease change and the job's write, a session cleared by hand) and
/// times them out as their session's end would have, so they are retried per their app's handler instead of sitting
/// RUNNING for ever.
/// </summary>
public sealed class OrphanedRunSweep(
    IJobStore store, IGrainFactory grains, IOptions<BalsamPostgresOptions> options, ILogger<OrphanedRunSweep> logger) : BackgroundService
{
    /// <summary>Said in the RUN_TIMEOUT event of a job whose session was gone.</summary>
    public const string Message = "The job was RUNNING under a session that no longer exists";

    private TimeSpan Period { get; } = options.Value.OrphanedRunSweepPeriod;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("The orphaned-run sweep failed ({Error}); it runs again in {Period}", e.Message, Period);
            }
        }
    }

    /// <summary>One pass; returns how many jobs it timed out.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var timedOut = 0;
        foreach (var (jobId, sessionId) in await store.RunningLeasesAsync(cancellationToken))
        {
            if (sessionId is { } id && await SessionExistsAsync(id))
            {
                continue;
            }

            await grains.GetGrain<IJobGrain>(jobId).TimeOutAsync(sessionId ?? 0, Message);
            timedOut++;
        }

        if (timedOut > 0)
        {
            logger.LogWarning("Timed out {Count} RUNNING jobs whose session no longer exists", timedOut);
        }

        return timedOut;
    }

    private async Task<bool> SessionExistsAsync(long sessionId)
    {
        try
        {
            await grains.GetGrain<ISessionGrain>(sessionId).GetAsync();
            return true;
        }
        catch (ResourceNotFoundException)
        {
            return false;
        }
    }
}
