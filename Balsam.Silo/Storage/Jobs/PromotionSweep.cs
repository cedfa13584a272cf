using Balsam.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// Safety net for dependencies: a child whose parents all finished moves on when its last parent tells it, but if the
/// silo died between the parent's commit and that call, this periodic sweep finds the child and moves it on
/// (every <see cref="BalsamPostgresOptions.PromotionSweepPeriod"/>, at most <see cref="BalsamPostgresOptions.PromotionSweepLimit"/> jobs).
/// </summary>
public sealed class PromotionSweep(
    IJobStore store, IGrainFactory grains, IOptions<BalsamPostgresOptions> options, ILogger<PromotionSweep> logger) : BackgroundService
{
    private readonly TimeSpan _period = options.Value.PromotionSweepPeriod;
    private readonly int _limit = options.Value.PromotionSweepLimit;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var ids = await store.PromotableJobsAsync(_limit, stoppingToken);
                await Task.WhenAll(ids.Select(id => grains.GetGrain<IJobGrain>(id).ParentFinishedAsync()));
                if (ids.Count > 0)
                {
                    logger.LogInformation("Moved on {Count} jobs whose parents had all finished", ids.Count);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The dependency promotion sweep failed; it runs again in {Period}", _period);
            }
        }
    }
}
