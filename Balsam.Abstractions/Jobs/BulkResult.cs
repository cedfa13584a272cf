namespace Balsam.Jobs;

/// <summary>
/// The outcome of a bulk update or delete: how many jobs matched, how many changed, and why others did not. Jobs in
/// <see cref="Transient"/> failed for a passing reason (the database was away): send their change again.
/// </summary>
[GenerateSerializer, Alias("balsam.BulkResult")]
public sealed record BulkResult(
    [property: Id(0)] int Matched,
    [property: Id(1)] int Changed,
    [property: Id(2)] Dictionary<long, string> Failures,
    [property: Id(3)] List<long>? Transient = null);
