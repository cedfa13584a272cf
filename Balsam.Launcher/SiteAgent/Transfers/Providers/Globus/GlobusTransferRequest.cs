using System.Text.Json.Serialization;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>
/// The body of <c>POST /transfer</c> (a <c>transfer</c> document). Balsam asks for size-level sync (<c>sync_level</c> 1),
/// checksum verification and encryption, and no e-mail per task.
/// </summary>
public sealed record GlobusTransferRequest
{
    [JsonPropertyName("DATA_TYPE")]
    public string DataType => "transfer";

    public required string SubmissionId { get; init; }

    public required string SourceEndpoint { get; init; }

    public required string DestinationEndpoint { get; init; }

    public string? Label { get; init; }

    public int SyncLevel { get; init; } = 1;

    public bool VerifyChecksum { get; init; } = true;

    public bool EncryptData { get; init; } = true;

    public bool NotifyOnSucceeded { get; init; }

    public bool NotifyOnFailed { get; init; }

    public bool NotifyOnInactive { get; init; }

    [JsonPropertyName("DATA")]
    public required IReadOnlyList<GlobusTransferItem> Data { get; init; }
}
