namespace Balsam.Sessions;

/// <summary>A launcher's (or processing service's) lease holder (SPEC §1 Session).</summary>
[GenerateSerializer, Alias("balsam.SessionInfo")]
public sealed record SessionInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] long SiteId,
    [property: Id(2)] long? BatchJobId,
    [property: Id(3)] DateTimeOffset Heartbeat);
