using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Silo.Rest.Jobs;
using Balsam.Sites;
using Balsam.Users;

namespace Balsam.Benchmarks;

/// <summary>
/// Balsam's REST API beside the Orleans SDK on one silo, as the same user: bulk create (REST in Balsam's client's
/// chunks of 5,000 against <c>BulkCreateAsync</c>), listing 100 jobs, and opening a session that acquires 100 jobs.
/// Each REST figure's limit is the SDK's figure measured in the same run; both paths alternate so that neither meets a
/// warmer or larger store.
/// </summary>
public sealed class RestBenchmarks(Report report, BenchSizes sizes)
{
    private const int Listed = 100;

    public async Task RunAsync()
    {
        Console.WriteLine($"REST API against the SDK: bulk create {sizes.RestJobs:N0} jobs each, list {Listed} x {sizes.RestSamples}, acquire {Listed}");
        await using var cluster = await BenchmarkCluster.StartAsync(serveHttp: true);
        using var http = new HttpClient { BaseAddress = cluster.Http, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Token);
        await WaitForRestAsync(http);

        var site = await cluster.Client.GetGrain<IUserGrain>("bench").CreateSiteAsync(new SiteSpec { Name = "rest", Path = "/rest" });
        var app = await cluster.Client.GetGrain<ISiteGrain>(site.Id).RegisterAppAsync(new AppDefinition { Name = "Plain", CommandTemplate = "true {{ i }}" });
        await RestCreateAsync(http, app.Id, "warmup-rest", 200);
        await cluster.Sdk.Jobs.BulkCreateAsync(JobStoreBenchmarks.Specs(site.Id, "Plain", "warmup-sdk", 200));

        await BulkCreateAsync(cluster, http, site.Id, app.Id);
        await ListAsync(cluster, http);
        await AcquireAsync(cluster, http, site.Id);
    }

    /// <summary>Two rounds of half the jobs each, SDK first and then REST first.</summary>
    private async Task BulkCreateAsync(BenchmarkCluster cluster, HttpClient http, long siteId, long appId)
    {
        var half = sizes.RestJobs / 2;
        var (rest, sdk) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var round = 0; round < 2; round++)
        {
            var sdkTime = Timed(() => cluster.Sdk.Jobs.BulkCreateAsync(JobStoreBenchmarks.Specs(siteId, "Plain", $"sdk{round}", half)));
            var restTime = Timed(() => RestCreateAsync(http, appId, $"rest{round}", half));
            if (round == 0)
            {
                sdk += await sdkTime();
                rest += await restTime();
            }
            else
            {
                rest += await restTime();
                sdk += await sdkTime();
            }
        }

        report.Figure("rest_bulk_create_jobs_per_s", 2 * half / rest.TotalSeconds, "jobs/s", 2 * half / sdk.TotalSeconds,
            "SDK BulkCreateAsync, same jobs (jobs/s)");
    }

    /// <summary>The first 100 of the user's jobs by id: <c>GET /jobs/?limit=100</c> against the SDK's listing, alternately.</summary>
    private async Task ListAsync(BenchmarkCluster cluster, HttpClient http)
    {
        var query = cluster.Sdk.Jobs.Where().Take(Listed);
        for (var warm = 0; warm < 5; warm++)
        {
            await query.ToListAsync();
            await RestListAsync(http);
        }

        var (rest, sdk) = (new List<double>(), new List<double>());
        for (var i = 0; i < sizes.RestSamples; i++)
        {
            sdk.Add((await Timed(() => query.ToListAsync())()).TotalMilliseconds);
            rest.Add((await Timed(() => RestListAsync(http))()).TotalMilliseconds);
        }

        report.Figure("rest_list_100_p50_ms", Percentiles.Of(rest, 50), "ms", Percentiles.Of(sdk, 50), "SDK listing of 100 (p50 ms)", higherIsBetter: false);
        report.Figure("rest_list_100_p99_ms", Percentiles.Of(rest, 99), "ms", Percentiles.Of(sdk, 99), "SDK listing of 100 (p99 ms)", higherIsBetter: false);
    }

    /// <summary>
    /// A new session taking 100 jobs: <c>POST /sessions/</c> then <c>POST /sessions/{id}</c>, against
    /// <see cref="ISiteGrain.OpenSessionAsync"/> then <see cref="ISessionGrain.AcquireAsync"/>, alternately (p50).
    /// </summary>
    private async Task AcquireAsync(BenchmarkCluster cluster, HttpClient http, long siteId)
    {
        var site = cluster.Client.GetGrain<ISiteGrain>(siteId);
        var samples = Math.Max(1, Math.Min(20, sizes.RestJobs / Listed / 2 - 1));
        await PreparePythonJobsAsync(http, siteId, 2 * (samples + 1) * Listed); // each path takes samples x 100, warm-up included
        await SdkAcquireAsync(cluster, site);
        await RestAcquireAsync(http, siteId);
        var (rest, sdk) = (new List<double>(), new List<double>());
        for (var i = 0; i < samples; i++)
        {
            sdk.Add((await Timed(() => SdkAcquireAsync(cluster, site))()).TotalMilliseconds);
            rest.Add((await Timed(() => RestAcquireAsync(http, siteId))()).TotalMilliseconds);
        }

        report.Figure("rest_acquire_100_ms", Percentiles.Of(rest, 50), "ms", Percentiles.Of(sdk, 50),
            "SDK open session + AcquireAsync(100) (p50 ms)", higherIsBetter: false);
    }

    /// <summary>
    /// A REST session serves Balsam's own launchers, which run only Python apps, so both paths acquire Python apps' jobs:
    /// created over REST and moved to PREPROCESSED as Balsam's processing service does.
    /// </summary>
    private static async Task PreparePythonJobsAsync(HttpClient http, long siteId, int count)
    {
        var app = new Dictionary<string, object>
        {
            ["site_id"] = siteId, ["name"] = "PyPlain", ["serialized_class"] = "gAWVJwAAAAAAAACMCGRpbGwuX2RpbGyUjApfY3JlYXRlX3R5cGWUk5Q=",
            ["source_code"] = "class PyPlain(ApplicationDefinition):\n    command_template = 'true'\n", ["description"] = "",
            ["parameters"] = new Dictionary<string, object>(), ["transfers"] = new Dictionary<string, object>(),
        };
        using var registered = await SendAsync(http, HttpMethod.Post, "/apps/", app);
        var appId = registered.RootElement.GetProperty("id").GetInt64();
        for (var first = 0; first < count; first += JobsRoutes.MaxItemsPerBulkOp)
        {
            var chunk = Enumerable.Range(first, Math.Min(JobsRoutes.MaxItemsPerBulkOp, count - first)).Select(i => new Dictionary<string, object>
            {
                ["app_id"] = appId, ["workdir"] = $"acquire/{i}", ["tags"] = new Dictionary<string, string>(), ["serialized_parameters"] = "gAR9lC4=",
                ["data"] = new Dictionary<string, object>(), ["parent_ids"] = Array.Empty<long>(), ["transfers"] = new Dictionary<string, object>(),
            }).ToList();
            using var created = await SendAsync(http, HttpMethod.Post, "/jobs/", chunk);
            var preprocessed = created.RootElement.EnumerateArray().Select(job => new { id = job.GetProperty("id").GetInt64(), state = "PREPROCESSED" }).ToList();
            using var _ = await SendAsync(http, HttpMethod.Patch, "/jobs/", preprocessed);
        }
    }

    private static async Task SdkAcquireAsync(BenchmarkCluster cluster, ISiteGrain site)
    {
        var session = cluster.Client.GetGrain<ISessionGrain>((await site.OpenSessionAsync(null)).Id);
        var request = new AcquireRequest { MaxJobs = Listed, AppKinds = AcquireAppKinds.PythonOnly };
        Expect(Listed, (await session.AcquireAsync(request)).Count, "the SDK acquire");
    }

    private static async Task RestAcquireAsync(HttpClient http, long siteId)
    {
        using var opened = await SendAsync(http, HttpMethod.Post, "/sessions/", new { site_id = siteId });
        var sessionId = opened.RootElement.GetProperty("id").GetInt64();
        using var jobs = await SendAsync(http, HttpMethod.Post, $"/sessions/{sessionId}", new { max_num_jobs = Listed, filter_tags = new { } });
        Expect(Listed, jobs.RootElement.GetArrayLength(), "the REST acquire");
    }

    private static async Task RestListAsync(HttpClient http)
    {
        using var page = await SendAsync(http, HttpMethod.Get, $"/jobs/?limit={Listed}", null);
        Expect(Listed, page.RootElement.GetProperty("results").GetArrayLength(), "the REST listing");
    }

    /// <summary>Jobs as Balsam's client sends them (<c>ServerJobCreate</c>), in its chunks of <see cref="JobsRoutes.MaxItemsPerBulkOp"/>.</summary>
    private static async Task RestCreateAsync(HttpClient http, long appId, string prefix, int count)
    {
        for (var first = 0; first < count; first += JobsRoutes.MaxItemsPerBulkOp)
        {
            var chunk = Enumerable.Range(first, Math.Min(JobsRoutes.MaxItemsPerBulkOp, count - first)).Select(i => new Dictionary<string, object>
            {
                ["app_id"] = appId, ["workdir"] = $"{prefix}/{i}", ["tags"] = new Dictionary<string, string> { ["bench"] = prefix },
                ["serialized_parameters"] = "", ["parameters"] = new Dictionary<string, int> { ["i"] = i }, ["data"] = new Dictionary<string, object>(),
                ["num_nodes"] = 1, ["ranks_per_node"] = 1, ["threads_per_rank"] = 1, ["threads_per_core"] = 1, ["launch_params"] = new Dictionary<string, string>(),
                ["gpus_per_rank"] = 0, ["node_packing_count"] = 1, ["wall_time_min"] = 0, ["parent_ids"] = Array.Empty<long>(),
                ["transfers"] = new Dictionary<string, object>(),
            }).ToList();
            using var created = await SendAsync(http, HttpMethod.Post, "/jobs/", chunk);
            Expect(chunk.Count, created.RootElement.GetArrayLength(), "the REST bulk create");
        }
    }

    /// <summary>Sends a request and reads its whole JSON answer, as a client does; anything but success fails the part.</summary>
    private static async Task<JsonDocument> SendAsync(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    }

    private static async Task WaitForRestAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/auth/how");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"the silo's REST API at {http.BaseAddress} did not answer within 60 s");
            }

            await Task.Delay(100);
        }
    }

    private static Func<Task<TimeSpan>> Timed(Func<Task> action) => async () =>
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    };

    private static void Expect(int expected, int actual, string what)
    {
        if (expected != actual)
        {
            throw new InvalidOperationException($"{what} returned {actual} jobs, not {expected}");
        }
    }
}
