namespace Balsam.Launcher.Settings;

/// <summary><c>transfers</c>: the site agent's stage-in and stage-out service.</summary>
public sealed record TransferSettings
{
    public const string DefaultGlobusTransferUrl = "https://transfer.api.globus.org/v0.10";

    public static IReadOnlyList<string> Protocols { get; } = ["globus", "rsync", "local"];

    /// <summary>Location aliases jobs may name in their transfers: <c>{alias: protocol://netloc}</c>.</summary>
    public Dictionary<string, string> TransferLocations { get; init; } = [];

    /// <summary>This site's Globus endpoint; null: no Globus transfers.</summary>
    public Guid? GlobusEndpointId { get; init; }

    /// <summary>The site folder as the Globus endpoint sees it; null: the same path.</summary>
    public string? GlobusEndpointSitePath { get; init; }

    /// <summary>The Globus Transfer API the provider calls (v0.10).</summary>
    public string GlobusTransferUrl { get; init; } = DefaultGlobusTransferUrl;

    /// <summary>
    /// A Transfer API access token; null: the token <c>globus login</c> keeps (<c>~/.globus/cli/storage.db</c>), read at
    /// every call so a new login needs no restart.
    /// </summary>
    public string? GlobusAccessToken { get; init; }

    /// <summary>Seconds one Transfer API call may take, its retries included.</summary>
    public int GlobusTimeoutSec { get; init; } = 30;

    /// <summary>
    /// An ssh client config file (keys, ports, known hosts) for <c>rsync://user@host</c> locations, given to ssh with
    /// <c>-F</c>; null: ssh's own (<c>~/.ssh/config</c>).
    /// </summary>
    public string? SshConfigFile { get; init; }

    /// <summary>
    /// Whether the local provider may hard-link a file instead of copying it (same filesystem, a single file, a slot
    /// that is not recursive); across filesystems it copies. Off by default: a link shares its content with the
    /// original, so a job that edits a staged-in file in place would change the source too.
    /// </summary>
    public bool LocalHardLinks { get; init; }

    /// <summary>Transfer tasks in flight at once.</summary>
    public int MaxConcurrentTransfers { get; init; } = 5;

    /// <summary>Most items in one transfer task.</summary>
    public int TransferBatchSize { get; init; } = 100;

    /// <summary>Most pending items looked at per cycle.</summary>
    public int NumItemsQueryLimit { get; init; } = 2000;

    /// <summary>Seconds between cycles.</summary>
    public int ServicePeriod { get; init; } = 5;
}
