namespace Balsam.Silo.Hosting;

/// <summary>How the silo runs. Bound from the <c>Balsam</c> configuration section, <c>BALSAM_</c> variables and the command line.</summary>
public sealed class BalsamSiloOptions
{
    public const string Section = "Balsam";

    /// <summary>An existing PostgreSQL server; when null, the silo runs its own managed PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The managed PostgreSQL's data folder; default <c>{BalsamHome}/postgres</c>.</summary>
    public string? PostgresData { get; set; }

    /// <summary>The managed PostgreSQL's port; 0 picks a free one.</summary>
    public int PostgresPort { get; set; }

    /// <summary>Folder of the PostgreSQL server programs; null searches PATH and /usr/lib/postgresql.</summary>
    public string? PostgresBin { get; set; }

    /// <summary><c>localhost</c> (one silo, the default) or <c>adonet</c> (several silos share the PostgreSQL membership table).</summary>
    public string Clustering { get; set; } = "localhost";

    public string ClusterId { get; set; } = "balsam";

    public string ServiceId { get; set; } = "balsam";

    /// <summary>The address this silo listens on and advertises to the cluster.</summary>
    public string Address { get; set; } = "127.0.0.1";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>With localhost clustering: the silo port of the primary silo a second silo joins.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>The HTTP port of the dashboard; 0 turns it off.</summary>
    public int DashboardPort { get; set; } = 8080;

    /// <summary>Write the gateway address to the Balsam home so clients on this machine find the service.</summary>
    public bool WriteServiceFile { get; set; } = true;
}
