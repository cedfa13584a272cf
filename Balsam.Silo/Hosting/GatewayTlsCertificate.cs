using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Balsam.Silo.Hosting;

/// <summary>
/// Opens the gateway's TLS certificate that <see cref="BalsamSiloOptions"/> names and checks it before anything starts:
/// every problem is an <see cref="ArgumentException"/> naming the option and the rule.
/// </summary>
public static class GatewayTlsCertificate
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The certificate with its private key, or null when the gateway runs without TLS.</summary>
    /// <param name="options">The silo's options.</param>
    /// <returns>The certificate (the caller disposes it), or null when <see cref="BalsamSiloOptions.TlsCertificate"/> is not set.</returns>
    /// <exception cref="ArgumentException">A file is missing or unreadable, the password is wrong, or the certificate cannot serve TLS.</exception>
    public static X509Certificate2? Load(BalsamSiloOptions options)
    {
        if (options.TlsCertificate is not { Length: > 0 } path)
        {
            RefuseWithoutCertificate(options);
            return null;
        }

        if (!File.Exists(path))
        {
            throw new ArgumentException($"TLS certificate file '{path}' does not exist (option tls-certificate)");
        }

        CheckCa(options.TlsCa);
        var certificate = Open(path, Password(options));
        try
        {
            CheckUsable(certificate, path);
            return certificate;
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    private static void RefuseWithoutCertificate(BalsamSiloOptions options)
    {
        var orphan = options.TlsCertificatePassword is not null ? "tls-certificate-password"
            : options.TlsCertificatePasswordFile is not null ? "tls-certificate-password-file"
            : options.TlsCa is not null ? "tls-ca"
            : null;
        if (orphan is not null)
        {
            throw new ArgumentException($"Option {orphan} needs option tls-certificate (the gateway's PKCS#12 certificate)");
        }
    }

    private static string? Password(BalsamSiloOptions options)
    {
        if (options.TlsCertificatePasswordFile is not { } file)
        {
            return options.TlsCertificatePassword;
        }

        if (options.TlsCertificatePassword is not null)
        {
            throw new ArgumentException("Options tls-certificate-password and tls-certificate-password-file exclude each other: give one");
        }

        try
        {
            return File.ReadLines(file).FirstOrDefault() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"TLS certificate password file '{file}' cannot be read: {e.Message} (option tls-certificate-password-file)", e);
        }
    }

    private static X509Certificate2 Open(string path, string? password)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            var head = File.ReadAllBytes(path).Take(64).ToArray();
            if (System.Text.Encoding.ASCII.GetString(head).Contains("-----BEGIN", StringComparison.Ordinal))
            {
                throw new ArgumentException($"TLS certificate '{path}' is PEM, not PKCS#12: bundle certificate and key with " +
                    "`openssl pkcs12 -export -in server.crt -inkey server.key -out server.pfx` (option tls-certificate)", e);
            }

            throw new ArgumentException($"TLS certificate '{path}' cannot be opened with the given password (or is not a PKCS#12 file): " +
                $"{e.Message.TrimEnd('.')} (options tls-certificate and tls-certificate-password or tls-certificate-password-file)", e);
        }
    }

    private static void CheckUsable(X509Certificate2 certificate, string path)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"TLS certificate '{path}' holds no private key: export it with its key (option tls-certificate)");
        }

        var now = DateTime.Now;
        if (certificate.NotAfter < now)
        {
            throw new ArgumentException($"TLS certificate '{path}' expired on {certificate.NotAfter:u} (option tls-certificate)");
        }

        if (certificate.NotBefore > now)
        {
            throw new ArgumentException($"TLS certificate '{path}' is not valid before {certificate.NotBefore:u} (option tls-certificate)");
        }

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(u => u.EnhancedKeyUsages.Cast<Oid>()).ToList();
        if (usages.Count > 0 && !usages.Any(u => u.Value == ServerAuthentication))
        {
            throw new ArgumentException($"TLS certificate '{path}' is not for server authentication: its extended key usage " +
                "lacks serverAuth (option tls-certificate)");
        }
    }

    private static void CheckCa(string? ca)
    {
        if (ca is null)
        {
            return;
        }

        if (!File.Exists(ca))
        {
            throw new ArgumentException($"TLS CA file '{ca}' does not exist (option tls-ca)");
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(ca);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"TLS CA file '{ca}' is not a PEM certificate: {e.Message.TrimEnd('.')} (option tls-ca)", e);
        }

        if (certificates.Count == 0)
        {
            throw new ArgumentException($"TLS CA file '{ca}' holds no PEM certificate (-----BEGIN CERTIFICATE-----) (option tls-ca)");
        }

        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
