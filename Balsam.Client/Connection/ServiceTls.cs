namespace Balsam.Client.Connection;

/// <summary>
/// How a client reaches the gateway over TLS: which certificate authority it trusts and which name the gateway's
/// certificate must carry. The certificate must chain to the CA in <see cref="CaFile"/> (or to the system store), be
/// valid now and, when it lists extended key usages, be for server authentication; and one of its subject alternative
/// names (DNS or IP; the common name only when it has none) must match the host checked.
/// </summary>
/// <param name="CaFile">The CA certificate file (PEM) to trust; null trusts the system store.</param>
/// <param name="Host">The name the certificate must carry; null checks each gateway's host as given in its address.</param>
/// <param name="Source">Where the TLS settings came from: options, an environment variable or the service file.</param>
public sealed record ServiceTls(string? CaFile, string? Host, string Source)
{
    /// <summary>
    /// The <c>BALSAM_TLS*</c> variables that give a child process (a launcher, an app run) the same TLS settings, since it
    /// finds the service through <c>BALSAM_GATEWAY</c> rather than the service file.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables
    {
        get
        {
            var variables = new Dictionary<string, string> { [BalsamClientOptions.TlsVariable] = "true" };
            if (CaFile is not null)
            {
                variables[BalsamClientOptions.TlsCaVariable] = CaFile;
            }

            if (Host is not null)
            {
                variables[BalsamClientOptions.TlsHostVariable] = Host;
            }

            return variables;
        }
    }
}
