using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Balsam.Client;
using Balsam.Silo.Hosting;
using Balsam.Tests.Integration.Cli;

namespace Balsam.Tests.Integration.Rest;

/// <summary>
/// The real silo host with its HTTP port on a fresh test database, and HTTP clients of its REST API: one per user with
/// that user's real bearer token, one without a token. Helpers send JSON bodies and check a status and read the JSON back.
/// </summary>
public sealed class RestFixture : IAsyncDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HttpClient> _clients = new();
    private readonly HttpClient _anonymous;

    private RestFixture(CliTestSilo silo)
    {
        Silo = silo;
        BaseUrl = silo.DashboardUrl;
        _anonymous = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>snake_case, as Balsam's client sends its bodies.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public CliTestSilo Silo { get; }

    /// <summary>The HTTP root, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>A client without a token.</summary>
    public HttpClient Anonymous => _anonymous;

    /// <summary>Starts a silo; <paramref name="configure"/> changes its options (e.g. <c>AllowRegistration</c>).</summary>
    public static async Task<RestFixture> StartAsync(string database, Action<BalsamSiloOptions>? configure = null) =>
        new(await CliTestSilo.StartAsync(database, dashboard: true, configure));

    /// <summary>An HTTP client that sends <c>Authorization: Bearer</c> with a real token of the user (made on first use).</summary>
    public HttpClient For(string user) => _clients.GetOrAdd(user, name =>
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Silo.TokenFor(name));
        return client;
    });

    /// <summary>An SDK (Orleans) client of the same silo for the user.</summary>
    public Task<BalsamClient> SdkAsync(string user) => Silo.ConnectAsync(user);

    /// <summary>A JSON body: an object serialized in snake_case, or a string sent as it is.</summary>
    public static HttpContent Body(object value) =>
        new StringContent(value as string ?? JsonSerializer.Serialize(value, Json), Encoding.UTF8, "application/json");

    /// <summary>Checks the status (showing the body when it differs) and returns the JSON body (default for none).</summary>
    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Sends a request and checks its status; returns the JSON body.</summary>
    public static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, HttpStatusCode status, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Body(body) };
        using var response = await client.SendAsync(request);
        return await ExpectAsync(response, status);
    }

    public static Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCode status = HttpStatusCode.OK) =>
        SendAsync(client, HttpMethod.Get, path, status);

    public static Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode status = HttpStatusCode.Created) =>
        SendAsync(client, HttpMethod.Post, path, status, body);

    public static Task<JsonElement> PutAsync(HttpClient client, string path, object body, HttpStatusCode status = HttpStatusCode.OK) =>
        SendAsync(client, HttpMethod.Put, path, status, body);

    public static Task<JsonElement> PatchAsync(HttpClient client, string path, object body, HttpStatusCode status = HttpStatusCode.OK) =>
        SendAsync(client, HttpMethod.Patch, path, status, body);

    public static Task<JsonElement> DeleteAsync(HttpClient client, string path, HttpStatusCode status = HttpStatusCode.NoContent) =>
        SendAsync(client, HttpMethod.Delete, path, status);

    /// <summary>The ids of a list answer's <c>results</c>, in order.</summary>
    public static List<long> ResultIds(JsonElement page) => [.. page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetInt64())];

    /// <summary>The <c>loc</c> paths of a 422 answer, joined by dots (<c>body.name</c>, <c>query.limit</c>).</summary>
    public static List<string> SchemaErrorFields(JsonElement error) =>
        [.. error.GetProperty("detail").EnumerateArray().Select(e => string.Join('.', e.GetProperty("loc").EnumerateArray().Select(p => p.ToString())))];

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _anonymous.Dispose();
        await Silo.DisposeAsync();
    }
}
