namespace Balsam.Client;

/// <summary>
/// How <see cref="BalsamClient.ConnectAsync"/> finds and reaches the Balsam service. Every property is optional:
/// what is left unset comes from the environment (<c>BALSAM_GATEWAY</c>, <c>BALSAM_CLUSTER_ID</c>,
/// <c>BALSAM_SERVICE_ID</c>, <c>BALSAM_CONNECT_TIMEOUT</c>), then from the <c>service.json</c> that a running
/// <c>balsam-silo</c> writes to the Balsam home (<c>$BALSAM_HOME</c>, default <c>~/.balsam</c>).
/// </summary>
public sealed record BalsamClientOptions
{
    /// <summary>
    /// The environment variable holding the gateway address (<c>host:port</c>), or several separated by commas
    /// (<c>host:port,host:port</c>) for a cluster of silos.
    /// </summary>
    public const string GatewayVariable = "BALSAM_GATEWAY";

    /// <summary>The user name when <see cref="UserName"/> is not set (default: the operating-system user).</summary>
    public const string UserVariable = "BALSAM_USER";

    /// <summary>
    /// The environment variable naming the service's HTTP address (<c>http://127.0.0.1:8080/</c>) beside
    /// <see cref="GatewayVariable"/>: short read-only CLI commands answer through it (see <see cref="Connection.ServiceEndpoint.Http"/>).
    /// </summary>
    public const string HttpVariable = "BALSAM_HTTP";

    /// <summary>
    /// The environment variable holding the bearer token the client presents, or <c>@PATH</c> of a file holding it;
    /// when unset, the token file that <c>balsam login</c> writes in the Balsam home is used.
    /// </summary>
    public const string TokenVariable = Balsam.Auth.AuthContext.TokenVariable;

    /// <summary>The environment variable holding the Orleans cluster id.</summary>
    public const string ClusterIdVariable = "BALSAM_CLUSTER_ID";

    /// <summary>The environment variable holding the Orleans service id.</summary>
    public const string ServiceIdVariable = "BALSAM_SERVICE_ID";

    /// <summary>The environment variable holding the connect timeout in seconds.</summary>
    public const string ConnectTimeoutVariable = "BALSAM_CONNECT_TIMEOUT";

    /// <summary>The environment variable holding <see cref="TransientRetryLimit"/> in seconds (0 turns retries off).</summary>
    public const string TransientRetryLimitVariable = "BALSAM_RETRY_SEC";

    /// <summary>The environment variable that turns on client logging to stderr (Trace ... Critical); unset means silent.</summary>
    public const string LogLevelVariable = "BALSAM_LOG_LEVEL";

    /// <summary>
    /// The environment variable that turns TLS to the gateway on (<c>true</c>, trusting the system store unless
    /// <see cref="TlsCaVariable"/> names a CA) or off (<c>false</c>, even when the service file asks for it).
    /// </summary>
    public const string TlsVariable = "BALSAM_TLS";

    /// <summary>The environment variable naming the CA certificate file (PEM) to trust; setting it turns TLS on.</summary>
    public const string TlsCaVariable = "BALSAM_TLS_CA";

    /// <summary>The environment variable holding the host name the gateway's certificate must carry (default: each gateway's host as given).</summary>
    public const string TlsHostVariable = "BALSAM_TLS_HOST";

    /// <summary>The gateway used when no option, variable or service file names one.</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    /// <summary>The cluster and service id used when nothing else names one (the silo's default too).</summary>
    public const string DefaultId = "balsam";

    /// <summary>The default of <see cref="ConnectTimeout"/>.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(8);

    /// <summary>The default of <see cref="TransientRetryLimit"/>: one minute, long enough for a silo to restart.</summary>
    public static readonly TimeSpan DefaultTransientRetryLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The silo gateway as <c>host:port</c> (for example <c>127.0.0.1:30000</c>), or several separated by commas
    /// (<c>127.0.0.1:30000,127.0.0.1:30001</c>): the client connects through any of them and fails over to another
    /// when a silo stops.
    /// </summary>
    public string? Gateway { get; init; }

    /// <summary>The Orleans cluster id of the service; it must match the silo's <c>--cluster-id</c>.</summary>
    public string? ClusterId { get; init; }

    /// <summary>The Orleans service id of the service; it must match the silo's <c>--service-id</c>.</summary>
    public string? ServiceId { get; init; }

    /// <summary>The user whose sites and apps the client works with; default <see cref="Environment.UserName"/>.</summary>
    public string? UserName { get; init; }

    /// <summary>
    /// The bearer token to present with every call; default <c>BALSAM_TOKEN</c>, else the token file of the Balsam home
    /// (<c>balsam login</c> writes it), re-read when it changes.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// Connect with TLS (the silo runs with <c>--tls-certificate</c>): true trusts the system store unless
    /// <see cref="TlsCaFile"/> is given; false connects in plain text even when the service file asks for TLS. Default
    /// <c>BALSAM_TLS</c>, else TLS when a CA file is named, else the <c>tls</c> entry of <c>service.json</c> (with its gateway).
    /// </summary>
    public bool? Tls { get; init; }

    /// <summary>
    /// The CA certificate file (PEM) the gateway's certificate must chain to, instead of the system store; setting it turns
    /// TLS on. Default <c>BALSAM_TLS_CA</c>, else the service file's.
    /// </summary>
    public string? TlsCaFile { get; init; }

    /// <summary>
    /// The name the gateway's certificate must carry (a DNS or IP subject alternative name); default <c>BALSAM_TLS_HOST</c>,
    /// else the host of each gateway address as given (<c>login1</c> of <c>login1:30000</c>, or the IP address).
    /// </summary>
    public string? TlsHost { get; init; }

    /// <summary>How long to wait for a silo to answer before giving up with a <see cref="Connection.BalsamConnectionException"/>.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>
    /// How long one call waits for the service's answer before it fails with a <see cref="TimeoutException"/>
    /// (transient: worth retrying); null keeps Orleans' default of 30 s. A call in flight to a silo that crashes is
    /// only answered by this timeout, so a shorter one lets a client of a cluster fail over sooner.
    /// </summary>
    public TimeSpan? ResponseTimeout { get; init; }

    /// <summary>
    /// How long a call that fails with a transient error (<see cref="Errors.TransientErrors.IsTransient"/>: the service's
    /// <see cref="Errors.BalsamTransientException"/>, a lost connection or gateway, a time-out) is sent again, with
    /// back-off from 0.2 s up to 5 s between attempts, before the error reaches the caller; default <c>BALSAM_RETRY_SEC</c>,
    /// else <see cref="DefaultTransientRetryLimit"/>; <see cref="TimeSpan.Zero"/> turns retries off. So a query or an
    /// update issued while a silo restarts returns once the silo is back. Refusals (validation, not found, an illegal
    /// state move) are never retried and come back at once. Calls that create, open or lease something new (bulk job
    /// create, batch jobs, sites, sessions, acquisition; marked <see cref="Errors.NotIdempotentAttribute"/>) are retried
    /// only after <see cref="Errors.BalsamTransientException"/>, which the service raises before it commits anything: after
    /// a lost connection or a time-out such a call may have been applied, so the error reaches the caller, who can look
    /// (for example query the jobs by workdir) before creating again. The connect of
    /// <see cref="BalsamClient.ConnectAsync"/> is not retried (see <see cref="ConnectTimeout"/>).
    /// </summary>
    public TimeSpan? TransientRetryLimit { get; init; }

    /// <summary>Logs the Orleans client at this level and above to stderr; default <c>BALSAM_LOG_LEVEL</c>, else nothing.</summary>
    public Microsoft.Extensions.Logging.LogLevel? LogLevel { get; init; }

    /// <summary>The Balsam home whose <c>service.json</c> is read; default <c>$BALSAM_HOME</c> or <c>~/.balsam</c>.</summary>
    public string? BalsamHome { get; init; }
}
