using System.Text.Json.Serialization;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>One <c>transfer_item</c> of a transfer document: paths as each endpoint sees them.</summary>
public sealed record GlobusTransferItem(string SourcePath, string DestinationPath, bool Recursive)
{
    [JsonPropertyName("DATA_TYPE")]
    public string DataType => "transfer_item";
}
