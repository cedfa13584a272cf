using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Transfers;

/// <summary>The body of <c>PUT /transfers/{id}</c> (Balsam's <c>TransferItemUpdate</c>): state, task id, transfer info.</summary>
public record TransferItemUpdateIn
{
    [JsonPropertyName("state")] public string? State { get; init; }

    [JsonPropertyName("task_id")] public string? TaskId { get; init; }

    [JsonPropertyName("transfer_info")] public JsonObject? TransferInfo { get; init; }
}
