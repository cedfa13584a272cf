using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Balsam.Client.Connection;

/// <summary>
/// The client's side of TLS to the gateway (<see cref="ServiceTls"/>): the Orleans TLS options that check the gateway's
/// certificate against the trusted CA (or the system store) and the expected host name, and the reason the last
/// certificate was refused, for <see cref="ConnectionDiagnostics"/>.
/// </summary>
internal sealed class GatewayTls
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private readonly X509Certificate2Collection? _authorities;
    private readonly IReadOnlyDictionary<IPEndPoint, string> _hosts;
    private volatile string? _lastRefusal;

    private GatewayTls(ServiceTls settings, X509Certificate2Collection? authorities, IReadOnlyDictionary<IPEndPoint, string> hosts)
    {
        Settings = settings;
        _authorities = authorities;
        _hosts = hosts;
    }

    public ServiceTls Settings { get; }

    /// <summary>Why the gateway's certificate was last refused, or null when none was.</summary>
    public string? LastRefusal => _lastRefusal;

    /// <summary>Loads the CA file; <paramref name="gateways"/> pairs each socket address with its host as given.</summary>
    /// <exception cref="BalsamConnectionException">The CA file is missing or holds no PEM certificate.</exception>
    public static GatewayTls Create(ServiceTls settings, IEnumerable<(IPEndPoint Address, string Host)> gateways)
    {
        var hosts = new Dictionary<IPEndPoint, string>();
        foreach (var (address, host) in gateways)
        {
            hosts.TryAdd(address, settings.Host ?? host);
        }

        return new GatewayTls(settings, settings.CaFile is { } file ? LoadAuthorities(file, settings.Source) : null, hosts);
    }

    /// <summary>TLS options for the Orleans client: no client certificate, the gateway's certificate checked here.</summary>
    public TlsOptions CreateOptions() => new()
    {
        ClientCertificateMode = RemoteCertificateMode.NoCertificate,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = (certificate, chain, errors) => Accept(certificate, chain, errors),
        // The host name sent (SNI) is the one .NET checks the certificate against: RemoteCertificateNameMismatch below.
        OnAuthenticateAsClient = (connection, ssl) => ssl.TargetHost = HostOf(connection.RemoteEndPoint),
    };

    /// <summary>The name checked for the gateway at <paramref name="remote"/>: its host as given, else its IP address.</summary>
    internal string HostOf(EndPoint? remote)
    {
        if (remote is not IPEndPoint address)
        {
            return Settings.Host ?? "";
        }

        var plain = address.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(address.Address.MapToIPv4(), address.Port) : address;
        return _hosts.TryGetValue(plain, out var host) ? host : Settings.Host ?? plain.Address.ToString();
    }

    private bool Accept(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        var refusal = Check(certificate, presented, errors);
        _lastRefusal = refusal;
        return refusal is null;
    }

    /// <summary>Null when the certificate is trusted and names the host; else why not.</summary>
    internal string? Check(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        var subject = $"the gateway's certificate '{certificate.Subject}'";
        if (_authorities is null)
        {
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            {
                var statuses = presented?.ChainStatus.Select(s => s.Status.ToString()).Distinct() ?? [];
                return $"{subject} is not trusted by the system store ({string.Join(", ", statuses)}); " +
                    $"name the CA that signed it with {BalsamClientOptions.TlsCaVariable}=ca.pem";
            }
        }
        else if (ChainToAuthorities(certificate, presented) is { } chainProblem)
        {
            return $"{subject} is not signed by a CA in {Settings.CaFile} ({chainProblem})";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"{subject} does not name the host the client checks (its names: {string.Join(", ", NamesOf(certificate))}); " +
                $"connect by one of them, or set {BalsamClientOptions.TlsHostVariable} to one";
        }

        return null;
    }

    private string? ChainToAuthorities(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate); // intermediates the gateway sent
            }
        }

        return chain.Build(certificate)
            ? null
            : string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
    }

    private static IEnumerable<string> NamesOf(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToList();
        return names.Count > 0 ? names : [certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)];
    }

    private static X509Certificate2Collection LoadAuthorities(string file, string source)
    {
        if (!File.Exists(file))
        {
            throw new BalsamConnectionException($"The TLS CA file {file} (from {source}) does not exist.");
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new BalsamConnectionException($"The TLS CA file {file} (from {source}) cannot be read as PEM: {e.Message}", innerException: e);
        }

        return authorities.Count > 0
            ? authorities
            : throw new BalsamConnectionException($"The TLS CA file {file} (from {source}) holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }
}
