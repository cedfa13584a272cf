using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Sessions;

/// <summary>The body of <c>POST /sessions/</c> (Balsam's <c>SessionCreate</c>).</summary>
public sealed record SessionCreateIn
{
    [JsonPropertyName("site_id"), JsonRequired] public long SiteId { get; init; }

    [JsonPropertyName("batch_job_id")] public long? BatchJobId { get; init; }
}
