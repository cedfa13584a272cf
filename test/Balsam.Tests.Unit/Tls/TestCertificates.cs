using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Balsam.Tests.Tls;

/// <summary>
/// A certificate authority and a gateway certificate it signed (for 127.0.0.1 and localhost), made with
/// <see cref="CertificateRequest"/> and written to a folder as the operator would with openssl: <c>ca.pem</c> and a
/// password-protected <c>server.pfx</c>. Shared by the unit and integration tests.
/// </summary>
internal sealed class TestCertificates
{
    public const string Password = "gateway-secret";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private TestCertificates(string folder, string caPem, string serverPfx)
    {
        Folder = folder;
        CaPem = caPem;
        ServerPfx = serverPfx;
    }

    public string Folder { get; }

    /// <summary>The CA certificate (PEM) clients trust.</summary>
    public string CaPem { get; }

    /// <summary>The gateway's certificate and key, PKCS#12 protected by <see cref="Password"/>.</summary>
    public string ServerPfx { get; }

    /// <summary>A CA named <paramref name="caName"/> and a server certificate it signed, written to <paramref name="folder"/>.</summary>
    public static TestCertificates Create(string folder, string caName = "Balsam Test CA")
    {
        using var ca = CreateAuthority(caName);
        using var server = Issue(ca, "balsam-gateway", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), ServerAuthentication);
        var caPem = Path.Combine(folder, "ca.pem");
        File.WriteAllText(caPem, ca.ExportCertificatePem());
        var serverPfx = WritePfx(server, Path.Combine(folder, "server.pfx"));
        return new TestCertificates(folder, caPem, serverPfx);
    }

    /// <summary>A server certificate signed by a new CA that expired yesterday, as a PKCS#12 file.</summary>
    public static string WriteExpired(string folder)
    {
        using var ca = CreateAuthority("Expired CA");
        using var server = Issue(ca, "old-gateway", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1), ServerAuthentication);
        return WritePfx(server, Path.Combine(folder, "expired.pfx"));
    }

    /// <summary>A certificate meant only for client authentication, as a PKCS#12 file.</summary>
    public static string WriteClientOnly(string folder)
    {
        using var ca = CreateAuthority("Client CA");
        using var client = Issue(ca, "a-client", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), ClientAuthentication);
        return WritePfx(client, Path.Combine(folder, "client.pfx"));
    }

    /// <summary>The server certificate of <see cref="ServerPfx"/>, without its key.</summary>
    public X509Certificate2 LoadServer() => X509CertificateLoader.LoadPkcs12FromFile(ServerPfx, Password);

    private static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, DateTimeOffset notBefore, DateTimeOffset notAfter, string usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = request.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }

    private static string WritePfx(X509Certificate2 certificate, string path)
    {
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
