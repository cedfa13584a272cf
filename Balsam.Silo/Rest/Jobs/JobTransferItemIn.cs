using System.Text.Json.Serialization;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>Balsam's <c>JobTransferItem</c>: where a job's transfer slot points (an alias of the site and an absolute path).</summary>
public sealed record JobTransferItemIn
{
    [JsonPropertyName("location_alias"), JsonRequired] public string LocationAlias { get; init; } = "";

    [JsonPropertyName("path"), JsonRequired] public string Path { get; init; } = "";
}
