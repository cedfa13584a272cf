namespace Balsam.Silo.Dashboard.Sites;

/// <summary>What the status page shows under one site: its activity charts, recent failures and transfers in flight.</summary>
public sealed record SitePanel(
    long SiteId, string SiteName, SiteActivity.Series Activity, IReadOnlyList<RecentFailures.Failure> Failures,
    IReadOnlyList<TransfersInFlight.Group> Transfers);
