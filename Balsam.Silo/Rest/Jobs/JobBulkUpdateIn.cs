using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>One item of <c>PATCH /jobs/</c> (Balsam's <c>JobBulkUpdate</c>): a <see cref="JobUpdateIn"/> with the job's id.</summary>
public sealed record JobBulkUpdateIn : JobUpdateIn
{
    [JsonPropertyName("id"), JsonRequired] public long Id { get; init; }
}
