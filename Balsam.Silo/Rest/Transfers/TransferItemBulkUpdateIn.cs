using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Transfers;

/// <summary>One item of <c>PATCH /transfers/</c> (Balsam's <c>TransferItemBulkUpdate</c>).</summary>
public sealed record TransferItemBulkUpdateIn : TransferItemUpdateIn
{
    [JsonPropertyName("id"), JsonRequired] public long Id { get; init; }
}
