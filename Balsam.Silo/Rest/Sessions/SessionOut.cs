using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Sessions;

/// <summary>A session as Balsam's REST API returns it (<c>SessionOut</c>).</summary>
public sealed record SessionOut
{
    [JsonPropertyName("id")] public long Id { get; init; }

    [JsonPropertyName("site_id")] public long SiteId { get; init; }

    [JsonPropertyName("batch_job_id")] public long? BatchJobId { get; init; }

    [JsonPropertyName("heartbeat")] public DateTimeOffset Heartbeat { get; init; }
}
