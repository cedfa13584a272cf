using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Transfers;

/// <summary>A transfer item as Balsam's REST API returns it (<c>TransferItemOut</c>).</summary>
public sealed record TransferItemOut
{
    [JsonPropertyName("id")] public long Id { get; init; }

    [JsonPropertyName("job_id")] public long JobId { get; init; }

    [JsonPropertyName("direction")] public required string Direction { get; init; }

    [JsonPropertyName("local_path")] public required string LocalPath { get; init; }

    [JsonPropertyName("remote_path")] public required string RemotePath { get; init; }

    [JsonPropertyName("location_alias")] public required string LocationAlias { get; init; }

    [JsonPropertyName("recursive")] public bool Recursive { get; init; }

    [JsonPropertyName("state")] public required string State { get; init; }

    [JsonPropertyName("task_id")] public string TaskId { get; init; } = "";

    [JsonPropertyName("transfer_info")] public JsonObject TransferInfo { get; init; } = [];
}
