using System.Security.Cryptography.X509Certificates;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Balsam.Silo.Hosting;

/// <summary>TLS on the silo's client gateway.</summary>
public static class BalsamTlsSiloBuilderExtensions
{
    /// <summary>
    /// Requires TLS on the gateway (the port clients connect to) with <paramref name="certificate"/>; a client that does not
    /// speak TLS is dropped during the handshake. Clients present no certificate (they present a login token instead).
    /// Silo-to-silo connections are left plain: keep the silo port on a private network.
    /// </summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="certificate">The gateway's certificate with its private key (<see cref="GatewayTlsCertificate.Load"/>).</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder UseBalsamGatewayTls(this ISiloBuilder silo, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var tls = new TlsOptions
        {
            LocalCertificate = certificate,
            RemoteCertificateMode = RemoteCertificateMode.NoCertificate,
        };
        return silo.Configure<SiloConnectionOptions>(o => o.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(tls)));
    }
}
