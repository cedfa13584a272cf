using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.BatchJobs;

/// <summary>One item of <c>PATCH /batch-jobs/</c> (Balsam's <c>BatchJobBulkUpdate</c>).</summary>
public sealed record BatchJobBulkUpdateIn : BatchJobUpdateIn
{
    [JsonPropertyName("id"), JsonRequired] public long Id { get; init; }
}
