using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Balsam.Client.Connection;
using Balsam.Apps;
using Balsam.Http;
using Balsam.Jobs;
using Balsam.Sites;

namespace Balsam.Client.Http;

/// <summary>
/// The service's read-only query routes (<see cref="QueryApi"/>) over HTTP, for short commands that would otherwise spend
/// most of their time starting an Orleans client. It is offered only where the token cannot leak (plain HTTP to a
/// loopback address, or HTTPS) and only for the service the gateway settings name. Every failure, from a refused
/// connection to an error answer, is a <see cref="ServiceQueryUnavailableException"/>: the caller then takes the gateway,
/// which reports problems in its own words.
/// </summary>
internal sealed class ServiceQueryClient : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http;

    private ServiceQueryClient(Uri baseAddress, string token)
    {
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = CallTimeout,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The service's HTTP address it talks to.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>
    /// A client for the service <paramref name="options"/> (or the environment and the service file) name; null when
    /// that service has no known HTTP address, it is plain HTTP to another host, there is no token, or the options
    /// name a user (whose check against the token the gateway makes).
    /// </summary>
    public static ServiceQueryClient? TryCreate(BalsamClientOptions? options) => TryCreate(options, Environment.GetEnvironmentVariable);

    /// <inheritdoc cref="TryCreate(BalsamClientOptions?)"/>
    public static ServiceQueryClient? TryCreate(BalsamClientOptions? options, Func<string, string?> environment)
    {
        options ??= new BalsamClientOptions();
        if (!string.IsNullOrWhiteSpace(options.UserName))
        {
            return null;
        }

        try
        {
            var endpoint = ServiceEndpointResolver.Resolve(options, environment);
            if (endpoint.Http is not { } http || !(http.Scheme == Uri.UriSchemeHttps || IsLoopbackAddress(http)))
            {
                return null;
            }

            return Auth.TokenSource.Resolve(options, environment).Current is { Length: > 0 } token
                ? new ServiceQueryClient(http, token)
                : null;
        }
        catch (Exception e) when (e is BalsamConnectionException or IOException or UnauthorizedAccessException)
        {
            return null; // the gateway path reports a malformed setting or an unreadable token file
        }
    }

    /// <summary>
    /// Whether the address is a loopback IP literal. A host name is not enough even when it is <c>localhost</c>: it is
    /// looked up, and plain HTTP may carry the token only to this machine.
    /// </summary>
    private static bool IsLoopbackAddress(Uri http) =>
        http.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
        && System.Net.IPAddress.TryParse(http.IdnHost, out var address) && System.Net.IPAddress.IsLoopback(address);

    /// <summary>The caller's sites, in id order.</summary>
    public async Task<IReadOnlyList<SiteInfo>> SitesAsync(CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, QueryApi.SitesPath.TrimStart('/')), QueryApi.Json.ListSiteInfo, cancellationToken);

    /// <summary>The apps of these sites of the caller, site by site in the order given, each site's by name.</summary>
    public async Task<IReadOnlyList<AppInfo>> AppsAsync(IEnumerable<long> siteIds, CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get,
            QueryApi.AppsPath.TrimStart('/') + "?" + string.Join("&", siteIds.Select(id => $"site_id={id}"))), QueryApi.Json.ListAppInfo, cancellationToken);

    /// <summary>A page of the caller's jobs, and how many match the query's filters in all.</summary>
    public async Task<JobPage> JobsAsync(JobQuery query, CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, QueryApi.JobsPath.TrimStart('/'))
        {
            Content = JsonContent.Create(query, QueryApi.Json.JobQuery),
        }, QueryApi.Json.JobPage, cancellationToken);

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        try
        {
            using (request)
            using (var response = await _http.SendAsync(request, cancellationToken))
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new ServiceQueryUnavailableException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}");
                }

                return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                    ?? throw new ServiceQueryUnavailableException($"{request.Method} {request.RequestUri} answered null");
            }
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ServiceQueryUnavailableException($"{request.Method} {request.RequestUri} failed: {e.Message}", e);
        }
    }

    public void Dispose() => _http.Dispose();
}
