using Microsoft.Extensions.Configuration;

namespace Balsam.Silo.Hosting;

/// <summary>Reads <see cref="BalsamSiloOptions"/> from <c>appsettings.json</c>, <c>BALSAM_*</c> variables and <c>--kebab-case</c> switches.</summary>
public static class SiloCommandLine
{
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--connection-string"] = "Balsam:ConnectionString",
        ["--postgres-data"] = "Balsam:PostgresData",
        ["--postgres-port"] = "Balsam:PostgresPort",
        ["--postgres-bin"] = "Balsam:PostgresBin",
        ["--clustering"] = "Balsam:Clustering",
        ["--cluster-id"] = "Balsam:ClusterId",
        ["--service-id"] = "Balsam:ServiceId",
        ["--address"] = "Balsam:Address",
        ["--silo-port"] = "Balsam:SiloPort",
        ["--gateway-port"] = "Balsam:GatewayPort",
        ["--primary-silo-port"] = "Balsam:PrimarySiloPort",
        ["--http-port"] = "Balsam:HttpPort",
        ["--dashboard-port"] = "Balsam:HttpPort",
        ["--http-address"] = "Balsam:HttpAddress",
        ["--allow-registration"] = "Balsam:AllowRegistration",
        ["--write-service-file"] = "Balsam:WriteServiceFile",
        ["--join-managed-postgres"] = "Balsam:JoinManagedPostgres",
        ["--probe-timeout-sec"] = "Balsam:ProbeTimeoutSeconds",
        ["--missed-probes-limit"] = "Balsam:MissedProbesLimit",
        ["--token-ttl"] = "Balsam:TokenTtl",
        ["--tls-certificate"] = "Balsam:TlsCertificate",
        ["--tls-certificate-password-file"] = "Balsam:TlsCertificatePasswordFile",
        ["--tls-ca"] = "Balsam:TlsCa",
    };

    private const string ClusteringKey = nameof(BalsamSiloOptions.Clustering);

    public const string Usage = """
        balsam-silo [options]
        balsam-silo user add|rm|ls|passwd ...   manage users (balsam-silo user --help)
          --connection-string CS   use this PostgreSQL server (default: a managed one under the Balsam home)
          --postgres-data DIR      managed PostgreSQL data folder (default: $BALSAM_HOME/postgres)
          --join-managed-postgres true
                                   use the managed PostgreSQL another silo of this home runs (cluster on one machine)
          --postgres-port N        managed PostgreSQL port (default: a free port)
          --postgres-bin DIR       folder of initdb/pg_ctl (default: PATH, /usr/lib/postgresql/*/bin)
          --clustering MODE        localhost (default) or adonet (several silos on one PostgreSQL)
          --cluster-id ID          Orleans cluster id (default: balsam)
          --service-id ID          Orleans service id (default: balsam)
          --address IP             address to listen on and advertise (default: 127.0.0.1)
          --silo-port N            silo-to-silo port (default: 11111)
          --gateway-port N         client gateway port (default: 30000)
          --primary-silo-port N    localhost clustering: join the silo on this port
          --http-port N            HTTP port of the REST API, status pages and dashboard; 0 for a free port
                                   and no dashboard (default: 8080; old name --dashboard-port)
          --http-address IP        address of the HTTP port (default: 127.0.0.1; 0.0.0.0 serves other hosts)
          --allow-registration true
                                   let anyone create a user over POST /auth/password/register (default: false)
          --probe-timeout-sec S    liveness probe timeout between silos (default: 5)
          --missed-probes-limit N  missed probes before a silo is suspected dead (default: 3)
          --token-ttl DURATION     lifetime of a login token, e.g. 30d, 12h (default: 30d)
          --tls-certificate FILE   PKCS#12 (.pfx) certificate and key of the gateway: clients must then use TLS
          --tls-certificate-password-file FILE
                                   file holding the certificate's password (or BALSAM_TlsCertificatePassword)
          --tls-ca FILE            CA certificate (PEM) that clients on this machine trust, written to service.json
        Every option can also be set as BALSAM_<Name> (e.g. BALSAM_GatewayPort=30001).
        """;

    public static BalsamSiloOptions Parse(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables(prefix: "BALSAM_")
            .AddCommandLine(args, Switches)
            .Build();
        // The clustering mode is parsed here, once, so an unknown value gets a clear message rather than a binder error.
        var clusteringKeys = new[] { $"{BalsamSiloOptions.Section}:{ClusteringKey}", ClusteringKey };
        var clustering = clusteringKeys.Select(key => configuration[key]).FirstOrDefault(value => value is not null);
        var rest = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable().Where(pair => !clusteringKeys.Contains(pair.Key, StringComparer.OrdinalIgnoreCase)))
            .Build();
        var options = new BalsamSiloOptions();
        rest.Bind(options); // BALSAM_GatewayPort arrives as the root key GatewayPort
        rest.GetSection(BalsamSiloOptions.Section).Bind(options);
        if (clustering is not null)
        {
            options.Clustering = BalsamClusteringNames.Parse(clustering);
        }

        return options;
    }
}
