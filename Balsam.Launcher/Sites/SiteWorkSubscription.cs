using Balsam.Client;
using Balsam.Sites;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Sites;

/// <summary>
/// A loop's subscription to its site's work pushes: creates the observer reference and subscribes, renews the
/// subscription before it expires (<see cref="ContractLimits.SubscriptionRenewInterval"/>), waits for a push or a
/// timeout, and on dispose unsubscribes and deletes the reference. The launcher, the processing service and the
/// scheduler service each hold one.
/// </summary>
public sealed class SiteWorkSubscription : IAsyncDisposable
{
    private readonly BalsamClient _client;
    private readonly ISiteGrain _site;
    private readonly WorkSignal _signal;
    private readonly ISiteWorkObserver _reference;
    private readonly ILogger? _logger;
    private DateTimeOffset _lastSubscribe;

    private SiteWorkSubscription(BalsamClient client, long siteId, bool batchJobs, ILogger? logger)
    {
        _client = client;
        _site = client.Cluster.GetGrain<ISiteGrain>(siteId);
        _signal = new WorkSignal(batchJobs);
        _reference = client.Cluster.CreateObjectReference<ISiteWorkObserver>(_signal);
        _logger = logger;
    }

    /// <summary>Subscribes to the site's pushes.</summary>
    /// <param name="client">The connection the observer reference lives on.</param>
    /// <param name="siteId">The site whose pushes wake the loop.</param>
    /// <param name="batchJobs">Wake on batch-job changes (the scheduler service) rather than on runnable jobs.</param>
    /// <param name="logger">Where a failed unsubscription is reported.</param>
    public static async Task<SiteWorkSubscription> StartAsync(BalsamClient client, long siteId, bool batchJobs = false, ILogger? logger = null)
    {
        var subscription = new SiteWorkSubscription(client, siteId, batchJobs, logger);
        try
        {
            await subscription.SubscribeAsync();
        }
        catch
        {
            client.Cluster.DeleteObjectReference<ISiteWorkObserver>(subscription._reference);
            throw;
        }

        return subscription;
    }

    /// <summary>Subscribes again when the last subscription is due to be renewed (they expire after a few minutes).</summary>
    public async Task RenewIfDueAsync()
    {
        if (DateTimeOffset.UtcNow - _lastSubscribe > ContractLimits.SubscriptionRenewInterval)
        {
            await SubscribeAsync();
        }
    }

    /// <summary>
    /// Renews when due, then completes when a push arrives (at once if one arrived since the last wait) or after
    /// <paramref name="timeout"/>, or when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await RenewIfDueAsync();
        await _signal.WaitAsync(timeout, cancellationToken);
    }

    /// <summary>
    /// Completes when a push arrives or after <paramref name="timeout"/>, without renewing: for a loop that renews on its
    /// own terms (through <see cref="ServiceOutage"/>), so that waiting never calls an unreachable service.
    /// </summary>
    public Task WaitForPushAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _site.UnsubscribeFromWorkAsync(_reference);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger?.LogWarning("Could not unsubscribe from the site: {Message}", e.Message); // the subscription expires by itself
        }
        finally
        {
            _client.Cluster.DeleteObjectReference<ISiteWorkObserver>(_reference);
        }
    }

    private async Task SubscribeAsync()
    {
        await _site.SubscribeToWorkAsync(_reference);
        _lastSubscribe = DateTimeOffset.UtcNow;
    }
}
