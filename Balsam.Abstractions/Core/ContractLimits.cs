namespace Balsam;

/// <summary>Limits of the service's calls that clients plan around (one place for the silo, the SDK and the site).</summary>
public static class ContractLimits
{
    /// <summary>The most jobs one bulk-create call takes; the SDK splits larger batches into calls of this size.</summary>
    public const int MaxBulkCreate = 100_000;

    /// <summary>The largest app assembly image the service stores.</summary>
    public const int MaxAssemblyBytes = 32 * 1024 * 1024;

    /// <summary>
    /// How long a subscription (a job's state pushes, a site's work signals) lasts unless renewed; subscribers renew
    /// well within it (<see cref="SubscriptionRenewInterval"/>).
    /// </summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How often a subscriber renews, comfortably inside <see cref="SubscriptionLifetime"/>.</summary>
    public static readonly TimeSpan SubscriptionRenewInterval = TimeSpan.FromMinutes(2);
}
