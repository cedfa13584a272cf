namespace Balsam.Silo.Postgres;

/// <summary>Where and how the embedded PostgreSQL runs.</summary>
public sealed class ManagedPostgresOptions
{
    /// <summary>The data folder; created by <c>initdb</c> on first use.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>; null searches the usual places.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>The operating-system user PostgreSQL runs as when the caller is root (it refuses to run as root).</summary>
    public string RootRunAsUser { get; init; } = "postgres";

    /// <summary>The database applications use.</summary>
    public string Database { get; init; } = "balsam";

    /// <summary>The database role that owns everything.</summary>
    public string UserName { get; init; } = "balsam";
}
