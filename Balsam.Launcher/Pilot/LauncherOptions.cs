namespace Balsam.Launcher.Pilot;

/// <summary>How one launcher runs (SPEC §5): its mode, how long, which jobs, and where.</summary>
public sealed record LauncherOptions
{
    /// <summary><c>mpi</c>: every job through the platform's MPI launcher; <c>serial</c>: single-node single-rank jobs as local processes.</summary>
    public required LauncherMode Mode { get; init; }

    /// <summary>The allocation's wall time: at its end running jobs are stopped and marked RUN_TIMEOUT.</summary>
    public required TimeSpan WallTime { get; init; }

    /// <summary>The site folder (holds <c>settings.yml</c> and <c>data/</c>).</summary>
    public required string SiteFolder { get; init; }

    public required long SiteId { get; init; }

    /// <summary>Only jobs whose tags contain all of these.</summary>
    public Dictionary<string, string> FilterTags { get; init; } = [];

    /// <summary>The batch job this launcher runs in, if any.</summary>
    public long? BatchJobId { get; init; }

    /// <summary>The nodes this launcher owns; default: this host alone.</summary>
    public IReadOnlyList<string>? Hosts { get; init; }

    /// <summary>Overrides <c>launcher.idle_ttl_sec</c> of the site settings.</summary>
    public TimeSpan? IdleTtl { get; init; }

    /// <summary>How a <c>Run</c> app's runner is started; default <c>dotnet balsam.dll</c> of this installation.</summary>
    public IReadOnlyList<string>? RunnerCommand { get; init; }

    /// <summary>How long stopped processes get between SIGTERM and SIGKILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(10);
}
