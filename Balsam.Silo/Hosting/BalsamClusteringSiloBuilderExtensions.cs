using System.Net;
using Balsam.Silo.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Balsam.Silo.Hosting;

/// <summary>How a Balsam silo joins its cluster: on this machine, or through the PostgreSQL membership table.</summary>
public static class BalsamClusteringSiloBuilderExtensions
{
    /// <summary>
    /// Localhost clustering: the silo listens on 127.0.0.1; a second silo on the machine joins the first by giving its
    /// silo port as <paramref name="primarySiloPort"/>.
    /// </summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="siloPort">The silo-to-silo port.</param>
    /// <param name="gatewayPort">The port clients connect to.</param>
    /// <param name="primarySiloPort">The silo port of the primary silo to join; null makes this silo the primary.</param>
    /// <param name="clusterId">The Orleans cluster id.</param>
    /// <param name="serviceId">The Orleans service id (grain state and reminders are keyed by it).</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder UseBalsamLocalhostClustering(
        this ISiloBuilder silo, int siloPort = 11111, int gatewayPort = 30000, int? primarySiloPort = null,
        string clusterId = "balsam", string serviceId = "balsam")
    {
        var primary = primarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
        return silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId, clusterId);
    }

    /// <summary>
    /// ADO.NET clustering: membership in the PostgreSQL table of the database given to
    /// <see cref="BalsamPostgresSiloBuilderExtensions.AddBalsamPostgres"/>, so silos on several machines form one cluster.
    /// </summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="address">The address this silo listens on and advertises to the others.</param>
    /// <param name="siloPort">The silo-to-silo port.</param>
    /// <param name="gatewayPort">The port clients connect to.</param>
    /// <param name="clusterId">The Orleans cluster id; silos with the same one form a cluster.</param>
    /// <param name="serviceId">The Orleans service id (grain state and reminders are keyed by it).</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder UseBalsamAdoNetClustering(
        this ISiloBuilder silo, IPAddress address, int siloPort = 11111, int gatewayPort = 30000,
        string clusterId = "balsam", string serviceId = "balsam")
    {
        silo.UseAdoNetClustering(builder => builder.Configure<IOptions<BalsamPostgresOptions>>((o, postgres) =>
        {
            o.Invariant = BalsamPostgresOptions.AdoNetInvariant;
            o.ConnectionString = postgres.Value.ConnectionString;
        }));
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = serviceId;
        });
        return silo.ConfigureEndpoints(address, siloPort, gatewayPort);
    }

    /// <summary>The clustering that <paramref name="options"/> chooses (<see cref="BalsamSiloOptions.Clustering"/>), with its ports and ids.</summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="options">The silo's options, already validated.</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder UseBalsamClustering(this ISiloBuilder silo, BalsamSiloOptions options)
    {
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(options.ProbeTimeoutSeconds);
            o.NumMissedProbesLimit = options.MissedProbesLimit;
        });
        return silo.UseBalsamClusteringMode(options);
    }

    private static ISiloBuilder UseBalsamClusteringMode(this ISiloBuilder silo, BalsamSiloOptions options) => options.Clustering switch
    {
        BalsamClustering.Localhost => silo.UseBalsamLocalhostClustering(
            options.SiloPort, options.GatewayPort, options.PrimarySiloPort, options.ClusterId, options.ServiceId),
        BalsamClustering.AdoNet => silo.UseBalsamAdoNetClustering(
            IPAddress.Parse(options.Address), options.SiloPort, options.GatewayPort, options.ClusterId, options.ServiceId),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Clustering, "not a clustering mode (option clustering)"),
    };
}
