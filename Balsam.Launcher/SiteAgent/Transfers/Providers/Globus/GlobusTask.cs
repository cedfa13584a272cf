namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>The fields of a task document (<c>GET /task/{task_id}</c>) the provider reads.</summary>
public sealed record GlobusTask
{
    /// <summary>ACTIVE, INACTIVE, SUCCEEDED or FAILED.</summary>
    public string? Status { get; init; }

    public string? NiceStatus { get; init; }

    public string? NiceStatusShortDescription { get; init; }

    public GlobusFatalError? FatalError { get; init; }

    public int FilesTransferred { get; init; }

    public long BytesTransferred { get; init; }
}
