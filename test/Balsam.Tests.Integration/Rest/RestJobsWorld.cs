using System.Net;
using System.Text.Json;
using Balsam.Apps;
using Balsam.Sites;

namespace Balsam.Tests.Integration.Rest;

/// <summary>
/// What the job-side REST tests share: a site with one app (<c>Hello</c>, a stage-in and a stage-out slot) per test,
/// made through the SDK as the given user, and job bodies as Balsam's client sends them.
/// </summary>
public static class RestJobsWorld
{
    private static int _sites;

    /// <summary>A fresh site of the user with the app <c>Hello</c>; returns their ids.</summary>
    public static async Task<(long SiteId, long AppId)> SiteWithAppAsync(RestFixture rest, string user)
    {
        await using var sdk = await rest.SdkAsync(user);
        var name = $"rest-{user}-{Interlocked.Increment(ref _sites)}";
        var site = await sdk.Sites.CreateAsync(new SiteSpec
        {
            Name = name,
            Path = $"/tmp/{name}",
            Settings = new SiteSettingsSummary
            {
                TransferLocations = { ["laptop"] = "rsync://me@laptop" },
                AllowedQueues = { ["debug"] = new QueuePolicy(4, 60, 10) },
                AllowedProjects = ["proj"],
            },
        });
        var app = await sdk.Apps.RegisterAsync(site.Id, new AppDefinition
        {
            Name = "Hello",
            CommandTemplate = "echo hello",
            Transfers = new()
            {
                ["input"] = new TransferSlot { Required = false, Direction = TransferDirection.In, LocalPath = "in.dat" },
                ["output"] = new TransferSlot { Required = false, Direction = TransferDirection.Out, LocalPath = "out.dat" },
            },
        });
        return (site.Id, app.Id);
    }

    /// <summary>
    /// A Python app registered over REST as Balsam's client registers one: the only kind whose jobs a REST session
    /// acquires. Its jobs start in STAGED_IN, for a processing service.
    /// </summary>
    public static async Task<long> PythonAppAsync(HttpClient client, long siteId, string name = "PyHello")
    {
        var app = new System.Text.Json.Nodes.JsonObject
        {
            ["site_id"] = siteId,
            ["name"] = name,
            ["serialized_class"] = "gAWVJwAAAAAAAACMCGRpbGwuX2RpbGyUjApfY3JlYXRlX3R5cGWUk5Q=",
            ["source_code"] = $"class {name}(ApplicationDefinition):\n    command_template = 'echo hello'\n",
            ["description"] = "",
            ["parameters"] = new System.Text.Json.Nodes.JsonObject(),
            ["transfers"] = new System.Text.Json.Nodes.JsonObject(),
        };
        return (await RestFixture.PostAsync(client, "/apps/", app.ToJsonString())).GetProperty("id").GetInt64();
    }

    /// <summary>What Balsam's processing service does to a Python app's new jobs: STAGED_IN to PREPROCESSED.</summary>
    public static async Task PreprocessAsync(HttpClient client, IEnumerable<long> ids) =>
        await RestFixture.PatchAsync(client, "/jobs/", ids.Select(id => new { id, state = "PREPROCESSED" }).ToArray());

    /// <summary>A <c>ServerJobCreate</c> body as Balsam's client sends it.</summary>
    public static Dictionary<string, object?> Job(long appId, string workdir, object? tags = null, object? parents = null,
        object? transfers = null, int wallTime = 0) => new()
    {
        ["app_id"] = appId,
        ["workdir"] = workdir,
        ["tags"] = tags ?? new Dictionary<string, string>(),
        ["serialized_parameters"] = "gAR9lC4=",
        ["data"] = new Dictionary<string, object>(),
        ["parent_ids"] = parents ?? Array.Empty<long>(),
        ["transfers"] = transfers ?? new Dictionary<string, object>(),
        ["wall_time_min"] = wallTime,
    };

    /// <summary>Creates jobs over REST; returns the created rows.</summary>
    public static async Task<List<JsonElement>> CreateAsync(HttpClient client, params object[] jobs) =>
        [.. (await RestFixture.PostAsync(client, "/jobs/", jobs)).EnumerateArray()];

    public static async Task<string> StateAsync(HttpClient client, long jobId) =>
        (await RestFixture.GetAsync(client, $"/jobs/{jobId}")).GetProperty("state").GetString()!;

    /// <summary>Waits (polling, generous deadline) until the job is in the state.</summary>
    public static async Task WaitForStateAsync(HttpClient client, long jobId, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string current;
        while ((current = await StateAsync(client, jobId)) != state)
        {
            Assert.IsLessThan(deadline, DateTime.UtcNow, $"job {jobId} stayed {current}, expected {state}");
            await Task.Delay(100);
        }
    }

    public static HttpStatusCode Status(int code) => (HttpStatusCode)code;
}
