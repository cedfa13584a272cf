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

    /// <summary>
    /// Use the managed PostgreSQL another silo of this Balsam home started (in <see cref="PostgresData"/>) instead of
    /// starting one: how the further silos of a cluster on one machine share its database (<c>deploy/cluster.sh</c>).
    /// </summary>
    public bool JoinManagedPostgres { get; set; }

    /// <summary>Folder of the PostgreSQL server programs; null searches PATH and /usr/lib/postgresql.</summary>
    public string? PostgresBin { get; set; }

    /// <summary><c>localhost</c> (one silo, the default) or <c>adonet</c> (several silos share the PostgreSQL membership table).</summary>
    public BalsamClustering Clustering { get; set; } = BalsamClustering.Localhost;

    public string ClusterId { get; set; } = "balsam";

    public string ServiceId { get; set; } = "balsam";

    /// <summary>The address this silo listens on and advertises to the cluster.</summary>
    public string Address { get; set; } = "127.0.0.1";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>With localhost clustering: the silo port of the primary silo a second silo joins.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>
    /// The HTTP port of the REST API, the status pages and the dashboard (<c>--http-port</c>); 0 turns the dashboard off and
    /// serves the rest on a free port.
    /// </summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>The old name of <see cref="HttpPort"/> (<c>--dashboard-port</c>), kept for existing scripts.</summary>
    public int DashboardPort { get => HttpPort; set => HttpPort = value; }

    /// <summary>The address the HTTP port listens on (<c>--http-address</c>); <c>0.0.0.0</c> serves other hosts.</summary>
    public string HttpAddress { get; set; } = "127.0.0.1";

    /// <summary>Whether anyone may create a user over <c>POST /auth/password/register</c>; off by default (the operator adds users).</summary>
    public bool AllowRegistration { get; set; }

    /// <summary>
    /// How long a silo waits for another silo to answer a liveness probe (Orleans <c>ProbeTimeout</c>); with
    /// <see cref="MissedProbesLimit"/> it sets how soon a crashed silo is declared dead and its grains move.
    /// </summary>
    public double ProbeTimeoutSeconds { get; set; } = 5;

    /// <summary>How many probes in a row a silo may miss before it is suspected (Orleans <c>NumMissedProbesLimit</c>).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How long a login token lives, e.g. <c>30d</c> or <c>12h</c>; a login may ask for less (<see cref="Balsam.Auth.TokenLifetime"/>).</summary>
    public string TokenTtl { get; set; } = "30d";

    /// <summary>
    /// The gateway's TLS certificate with its private key, a PKCS#12 (<c>.pfx</c>/<c>.p12</c>) file; when set, clients must
    /// connect with TLS. Silo-to-silo traffic stays plain: keep the silo port on a private network.
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>
    /// The password of <see cref="TlsCertificate"/>; give it as the variable <c>BALSAM_TlsCertificatePassword</c> rather
    /// than on the command line, or use <see cref="TlsCertificatePasswordFile"/>.
    /// </summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>A file whose first line is the password of <see cref="TlsCertificate"/>.</summary>
    public string? TlsCertificatePasswordFile { get; set; }

    /// <summary>
    /// The CA certificate (PEM) clients should trust, written to <c>service.json</c> so that clients on this machine use
    /// TLS and trust it without flags; null writes that they trust the system store.
    /// </summary>
    public string? TlsCa { get; set; }

    /// <summary>Write the gateway address to the Balsam home so clients on this machine find the service.</summary>
    public bool WriteServiceFile { get; set; } = true;

    /// <summary>
    /// Checks the values that would otherwise fail deep inside Orleans with a stack trace; throws
    /// <see cref="ArgumentException"/> naming the option. Runs before anything is started.
    /// </summary>
    public void Validate()
    {
        CheckPort(SiloPort, "silo-port", allowZero: false);
        CheckPort(GatewayPort, "gateway-port", allowZero: false);
        CheckPort(HttpPort, "http-port", allowZero: true);
        CheckPort(PostgresPort, "postgres-port", allowZero: true);
        if (PrimarySiloPort is { } primary)
        {
            CheckPort(primary, "primary-silo-port", allowZero: false);
        }

        if (ProbeTimeoutSeconds is <= 0 or > 600 || double.IsNaN(ProbeTimeoutSeconds))
        {
            throw new ArgumentException($"Probe timeout {ProbeTimeoutSeconds} s is out of range: use more than 0 and at most 600 (option probe-timeout-sec)");
        }

        if (MissedProbesLimit is < 1 or > 100)
        {
            throw new ArgumentException($"Missed probes limit {MissedProbesLimit} is out of range: use 1-100 (option missed-probes-limit)");
        }

        if (JoinManagedPostgres && ConnectionString is not null)
        {
            throw new ArgumentException("Options join-managed-postgres and connection-string exclude each other: give one");
        }

        Balsam.Auth.TokenLifetime.Parse(TokenTtl, "token-ttl");
        GatewayTlsCertificate.Load(this)?.Dispose();
        if (!System.Net.IPAddress.TryParse(Address, out _))
        {
            throw new ArgumentException($"Address '{Address}' is not an IP address (option address)");
        }

        if (!System.Net.IPAddress.TryParse(HttpAddress, out _))
        {
            throw new ArgumentException($"HTTP address '{HttpAddress}' is not an IP address (option http-address)");
        }
    }

    private static void CheckPort(int port, string option, bool allowZero)
    {
        var lowest = allowZero ? 0 : 1;
        if (port < lowest || port > 65535)
        {
            throw new ArgumentException($"Port {port} is out of range: use {lowest}-65535 (option {option})");
        }
    }
}
