using System.Text.Json;
using System.Text.Json.Serialization;

namespace Balsam.Client.Connection;

/// <summary>
/// Finds the service: explicit options first, then <c>BALSAM_*</c> variables, then the silo's <c>service.json</c>,
/// then the defaults. The cluster and service ids and the TLS settings of the service file are used only with that file's gateway.
/// </summary>
internal static partial class ServiceEndpointResolver
{
    public static ServiceEndpoint Resolve(BalsamClientOptions options, Func<string, string?> environment)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value.Trim() : null;

        var serviceFile = ServiceFilePath(options, environment);
        var (gateway, source) = options.Gateway is not null
            ? (options.Gateway, "options")
            : Env(BalsamClientOptions.GatewayVariable) is { } fromEnv
                ? (fromEnv, BalsamClientOptions.GatewayVariable)
                : (null, null);

        ServiceFileContent? file = null;
        if (gateway is null && File.Exists(serviceFile))
        {
            file = Read(serviceFile);
            (gateway, source) = (string.Join(",", file.AllGateways), serviceFile);
        }

        gateway ??= BalsamClientOptions.DefaultGateway;
        source ??= $"default (no {BalsamClientOptions.GatewayVariable} and no {serviceFile})";
        if (!GatewayEndpoint.TryParseList(gateway, out var gateways, out var malformed))
        {
            var which = malformed == gateway ? $"'{gateway}'" : $"'{malformed}' in '{gateway}'";
            throw new BalsamConnectionException(
                $"The gateway address {which} from {source} is not of the form host:port (for example 127.0.0.1:30000, " +
                "or several separated by commas: 127.0.0.1:30000,127.0.0.1:30001).");
        }

        var clusterId = options.ClusterId ?? Env(BalsamClientOptions.ClusterIdVariable) ?? file?.ClusterId ?? BalsamClientOptions.DefaultId;
        var serviceId = options.ServiceId ?? Env(BalsamClientOptions.ServiceIdVariable) ?? file?.ServiceId ?? BalsamClientOptions.DefaultId;
        return new ServiceEndpoint(gateways[0].Host, gateways[0].Port, clusterId, serviceId, source, file?.AllPids is [var pid, ..] ? pid : null)
        {
            Gateways = gateways,
            SiloProcessIds = file?.AllPids ?? [],
            Tls = ResolveTls(options, Env, file, serviceFile),
            Http = ResolveHttp(source, Env, file),
        };
    }

    /// <summary>
    /// The HTTP address from the same place as the gateway: <c>BALSAM_HTTP</c> beside <c>BALSAM_GATEWAY</c>, the service
    /// file's <c>http</c> beside its gateways while one of its silos runs (a dead silo's port may since be someone
    /// else's); none for gateways given in options or the default one. A value that is not an http(s) URL is ignored:
    /// only short read-only commands use the address, and the gateway serves them as well.
    /// </summary>
    private static Uri? ResolveHttp(string source, Func<string, string?> env, ServiceFileContent? file)
    {
        var text = source == BalsamClientOptions.GatewayVariable ? env(BalsamClientOptions.HttpVariable)
            : file is not null && file.AllPids.Any(ConnectionDiagnostics.IsRunning) ? file.Http
            : null;
        return text is { Length: > 0 } && Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri)
               && uri.Scheme is "http" or "https"
            ? uri
            : null;
    }

    /// <summary>Options, then <c>BALSAM_TLS*</c>, then the service file's <c>tls</c> (only with its gateway), else plain.</summary>
    private static ServiceTls? ResolveTls(BalsamClientOptions options, Func<string, string?> env, ServiceFileContent? file, string serviceFile)
    {
        (bool? Enabled, string? Source) enabled = options.Tls is { } fromOptions ? (fromOptions, "options")
            : env(BalsamClientOptions.TlsVariable) is { } text ? (ParseSwitch(text), BalsamClientOptions.TlsVariable)
            : (null, null);
        (string? File, string? Source) ca = options.TlsCaFile is { } optionCa ? (optionCa, "options")
            : env(BalsamClientOptions.TlsCaVariable) is { } envCa ? (envCa, BalsamClientOptions.TlsCaVariable)
            : (null, null);
        var host = options.TlsHost ?? env(BalsamClientOptions.TlsHostVariable);
        if (enabled.Enabled == false)
        {
            return null;
        }

        if (enabled.Enabled == true || ca.File is not null)
        {
            return new ServiceTls(ca.File is null ? null : Path.GetFullPath(ca.File), host, ca.Source ?? enabled.Source!);
        }

        if (file?.Tls is { } fromFile)
        {
            var fileCa = fromFile.Ca is { Length: > 0 } relative ? Path.GetFullPath(relative, Path.GetDirectoryName(serviceFile)!) : null;
            return new ServiceTls(fileCa, host ?? fromFile.Host, serviceFile);
        }

        return null;
    }

    private static bool ParseSwitch(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new BalsamConnectionException($"{BalsamClientOptions.TlsVariable}='{text}' is neither true nor false."),
    };

    public static TimeSpan ConnectTimeout(BalsamClientOptions options, Func<string, string?> environment)
    {
        if (options.ConnectTimeout is { } explicitTimeout)
        {
            return explicitTimeout;
        }

        var text = environment(BalsamClientOptions.ConnectTimeoutVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return BalsamClientOptions.DefaultConnectTimeout;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture,
                out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new BalsamConnectionException(
                $"{BalsamClientOptions.ConnectTimeoutVariable}='{text}' is not a positive number of seconds.");
    }

    public static TimeSpan TransientRetryLimit(BalsamClientOptions options, Func<string, string?> environment)
    {
        if (options.TransientRetryLimit is { } explicitLimit)
        {
            return explicitLimit >= TimeSpan.Zero
                ? explicitLimit
                : throw new BalsamConnectionException($"The transient retry limit {explicitLimit} is negative (BalsamClientOptions.TransientRetryLimit).");
        }

        var text = environment(BalsamClientOptions.TransientRetryLimitVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return BalsamClientOptions.DefaultTransientRetryLimit;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture,
                out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new BalsamConnectionException(
                $"{BalsamClientOptions.TransientRetryLimitVariable}='{text}' is not a number of seconds (0 or more).");
    }

    private static string ServiceFilePath(BalsamClientOptions options, Func<string, string?> environment)
    {
        var home = options.BalsamHome ?? environment(Configuration.BalsamHome.EnvironmentVariable);
        return string.IsNullOrWhiteSpace(home)
            ? Configuration.BalsamHome.ServiceFile
            : Path.Combine(Path.GetFullPath(home), Path.GetFileName(Configuration.BalsamHome.ServiceFile));
    }

    private static ServiceFileContent Read(string path)
    {
        try
        {
            var content = JsonSerializer.Deserialize(File.ReadAllText(path), ServiceFileJson.Default.ServiceFileContent);
            return content is not null && content.AllGateways.Count > 0
                ? content
                : throw new BalsamConnectionException($"The service file {path} names no gateway.");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new BalsamConnectionException(
                $"The service file {path} could not be read ({e.Message}). Delete it if no silo runs, or set {BalsamClientOptions.GatewayVariable}.",
                innerException: e);
        }
    }

    /// <summary>
    /// The file a silo writes: <c>gateway</c> and <c>pid</c> name the first silo (the only ones an older silo writes),
    /// <c>silos</c> lists every silo of a cluster on the machine with its gateway and process id; <c>http</c> is the
    /// first silo's HTTP address (absent when an older silo wrote the file).
    /// </summary>
    private sealed record ServiceFileContent(
        string? Gateway, string? ClusterId, string? ServiceId, int? Pid, List<ServiceFileSilo>? Silos, ServiceFileTls? Tls, string? Http = null)
    {
        public IReadOnlyList<string> AllGateways => (Silos ?? []).Select(s => s.Gateway).Prepend(Gateway)
            .OfType<string>().Where(g => g.Length > 0).Distinct().ToList();

        public IReadOnlyList<int> AllPids => (Silos ?? []).Select(s => s.Pid).Prepend(Pid).OfType<int>().Distinct().ToList();
    }

    private sealed record ServiceFileSilo(string? Gateway, int? Pid);

    /// <summary>The service file's JSON, generated at build time: every command reads it, and reflection cost a short one a tenth of its time.</summary>
    [JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
    [JsonSerializable(typeof(ServiceFileContent))]
    private sealed partial class ServiceFileJson : JsonSerializerContext;

    /// <summary>The <c>tls</c> entry: present when the gateway requires TLS; <c>ca</c> null trusts the system store.</summary>
    private sealed record ServiceFileTls(string? Ca, string? Host);
}
