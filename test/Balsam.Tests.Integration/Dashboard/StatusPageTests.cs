using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Balsam.Apps;
using Balsam.Sites;
using Balsam.States;

namespace Balsam.Tests.Integration.Dashboard;

/// <summary>The silo's status pages, read the way a person reads them: in a real headless browser, kept open.</summary>
[TestClass]
[DoNotParallelize]
public sealed class StatusPageTests
{
    private static StatusWorld _world = null!;
    private static StatusBrowser _browser = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        Assert.IsNotNull(StatusBrowser.Executable, "chromium is installed by deploy/install-prerequisites.sh");
        _world = await StatusWorld.StartAsync("status");
        _browser = await StatusBrowser.LaunchAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _browser.DisposeAsync();
        await _world.DisposeAsync();
    }

    [TestMethod]
    public async Task TheStatusPageShowsEachSitesJobsFailuresTransfersAndBatchJobsInABrowser()
    {
        var staged = StatusWorld.Echo("Staged") with
        {
            Transfers = new()
            {
                ["input"] = new TransferSlot { Direction = TransferDirection.In, Required = true, LocalPath = "in.dat" },
                ["output"] = new TransferSlot { Direction = TransferDirection.Out, Required = true, LocalPath = "out.dat" },
            },
        };
        var site = await _world.CreateSiteAsync("status-site", StatusWorld.Echo(), staged);
        var jobs = await _world.CreateJobsAsync(site.Id, 30);
        foreach (var job in jobs.Take(5))
        {
            await _world.MoveAsync(job.Id, JobState.Failed, """{"message": "the input deck is missing"}""");
        }

        var ran = jobs.Skip(5).Take(3).Select(j => j.Id).ToList();
        await _world.RunAsync(site.Id, ran[..2], JobState.RunDone);
        await _world.RunAsync(site.Id, ran[2..]);
        foreach (var id in ran[..2])
        {
            await _world.FinishAsync(id);
        }

        await _world.CreateJobsAsync(site.Id, 3, (i, spec) => spec with
        {
            Transfers = new() { ["input"] = $"laptop:/home/viewer/in{i}.dat", ["output"] = $"laptop:/home/viewer/out{i}.dat" },
        }, app: "Staged");

        var batchJobs = _world.Grains.GetGrain<Balsam.BatchJobs.IBatchJobServiceGrain>(0);
        var allocation = await batchJobs.CreateAsync(new Balsam.BatchJobs.BatchJobSpec { SiteId = site.Id, Project = "p", Queue = "debug", NumNodes = 2, WallTimeMin = 30 });
        var refused = await batchJobs.CreateAsync(new Balsam.BatchJobs.BatchJobSpec { SiteId = site.Id, Project = "p", Queue = "debug", NumNodes = 1, WallTimeMin = 10 });
        await _world.Grains.GetGrain<Balsam.BatchJobs.IBatchJobGrain>(refused.Id).UpdateAsync(new Balsam.BatchJobs.BatchJobPatch
        {
            State = Balsam.BatchJobs.BatchJobState.SubmitFailed,
            StatusInfo = new() { ["error"] = "slurm refused the submission: sbatch: error: invalid partition specified: debug" },
        });
        await _world.Grains.GetGrain<ISiteGrain>(site.Id).ReportServicesAsync(
        [
            new SiteServiceHealth { Name = "processing", PeriodSec = 5, LastOk = DateTimeOffset.UtcNow },
            new SiteServiceHealth { Name = "scheduler", PeriodSec = 10, Error = "the pbs status command failed: qstat could not be started", ErrorAt = DateTimeOffset.UtcNow },
        ]);

        using var http = new HttpClient();
        using var summary = JsonDocument.Parse(await http.GetStringAsync(_world.Page("/api/jobs/summary")));
        var row = summary.RootElement.GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("siteName").GetString() == "status-site");
        Assert.AreEqual(22, row.GetProperty("states").GetProperty("PREPROCESSED").GetInt64());
        Assert.AreEqual(5, row.GetProperty("states").GetProperty("FAILED").GetInt64());
        Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync(_world.Page("/dashboard"))).StatusCode);

        var page = await _browser.OpenAsync(_world.Page("/status"));
        const string siteRow = "[data-site=\"status-site\"]";
        const string panel = "[data-panel=\"status-site\"]";
        await StatusBrowser.WaitAsync(page, $"document.querySelector('{panel} [data-transfer=\"laptop:out\"]')");
        Assert.AreEqual("5", await StatusBrowser.TextAsync(page, $"{siteRow} [data-state=\"FAILED\"]"));
        Assert.AreEqual("22", await StatusBrowser.TextAsync(page, $"{siteRow} [data-state=\"PREPROCESSED\"]"));
        Assert.AreEqual("1", await StatusBrowser.TextAsync(page, $"{siteRow} [data-state=\"RUNNING\"]"));
        Assert.AreEqual("2", await StatusBrowser.TextAsync(page, $"{siteRow} [data-state=\"JOB_FINISHED\"]"));
        Assert.AreEqual("3", await StatusBrowser.TextAsync(page, $"{siteRow} [data-state=\"READY\"]"), "jobs waiting for their stage-in");
        var agent = await StatusBrowser.TextAsync(page, $"{siteRow} .agent");
        StringAssert.Contains(agent, "scheduler failing since", "an Active site whose scheduler fails says so");
        StringAssert.Contains(agent, "qstat could not be started");

        Assert.AreEqual(5, await StatusBrowser.CountAsync(page, $"{panel} [data-failure-job]"), "the site's recent failures are listed");
        StringAssert.Contains(await StatusBrowser.TextAsync(page, $"{panel} .failures"), "the input deck is missing", "each failure shows its error");
        Assert.AreEqual("3", await StatusBrowser.TextAsync(page, $"{panel} [data-transfer=\"laptop:in\"] [data-count=\"pending\"]"), "stage-ins wait pending");
        Assert.AreEqual("3", await StatusBrowser.TextAsync(page, $"{panel} [data-transfer=\"laptop:out\"] [data-count=\"awaiting_job\"]"), "stage-outs wait for their jobs");
        Assert.AreEqual(2, await StatusBrowser.CountAsync(page, $"{panel} figure.chart svg path"), "throughput and utilization are drawn");
        Assert.AreEqual("2", await page.EvaluateExpressionAsync<string>($"document.querySelector('{panel} [data-chart^=\"Jobs finished\"]').dataset.last"),
            "the throughput series counts the 2 jobs that finished in the window");
        Assert.AreEqual("1", await page.EvaluateExpressionAsync<string>($"document.querySelector('{panel} [data-chart^=\"Jobs running\"]').dataset.last"),
            "the utilization series ends at the 1 job still running");

        Assert.AreEqual(1, await StatusBrowser.CountAsync(page, $"[data-batch-job=\"{allocation.Id}\"] [data-state=\"pending_submission\"]"), "the batch jobs table lists the allocation");
        StringAssert.Contains(await StatusBrowser.TextAsync(page, $"[data-batch-job=\"{refused.Id}\"]"), "invalid partition specified", "a refused submission shows the scheduler's message");

        // Each header's text keeps clear of its neighbours' (POSTPROCESSED and JOB FINISHED used to touch).
        var gaps = await page.EvaluateExpressionAsync<double[]>("""
            (() => {
              const rects = [...document.querySelectorAll('#jobs thead th')].map(th => { const r = document.createRange(); r.selectNodeContents(th); return r.getBoundingClientRect(); });
              return rects.slice(1).map((r, i) => r.left - rects[i].right);
            })()
            """);
        Assert.IsGreaterThanOrEqualTo(14, gaps.Length, "a header per state");
        // Both cells' padding lies between two texts (22 px); the old CSS left 5 px after PREPROCESSED and 9 px after POSTPROCESSED.
        Assert.IsGreaterThanOrEqualTo(16.0, gaps.Min(), $"header texts are at least 16 px apart; gaps: {string.Join(", ", gaps.Select(g => g.ToString("0")))}");

        await StatusBrowser.KeepScreenshotAsync(page, TestContext, "status-page.png");
        await page.CloseAsync();
    }

    [TestMethod]
    public async Task TheStatusPageUpdatesByPushWithoutReloadWhenAJobChangesState()
    {
        var site = await _world.CreateSiteAsync("push-site", StatusWorld.Echo());
        var jobs = await _world.CreateJobsAsync(site.Id, 3);
        var page = await _browser.OpenAsync(_world.Page("/status"));
        const string failed = "[data-site=\"push-site\"] [data-state=\"FAILED\"]";
        await StatusBrowser.WaitAsync(page, $"document.querySelector('{failed}')?.textContent === '0'");
        await page.EvaluateExpressionAsync("window.sameDocument = 'yes'");

        var clock = Stopwatch.StartNew();
        await _world.MoveAsync(jobs[0].Id, JobState.Failed, """{"message": "pushed"}""");
        await StatusBrowser.WaitAsync(page, $"document.querySelector('{failed}')?.textContent === '1'");
        var latency = clock.Elapsed;
        TestContext.WriteLine($"the page showed the change {latency.TotalMilliseconds:0} ms after it was made");

        Assert.AreEqual("yes", await page.EvaluateExpressionAsync<string>("window.sameDocument"), "the page changed without a reload");
        var fetched = await page.EvaluateExpressionAsync<string[]>(
            "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/api/') && !n.includes('/api/status/stream'))");
        Assert.IsEmpty(fetched, $"the overview polls nothing; it read only the stream, not: {string.Join(", ", fetched)}");
        StringAssert.Contains(await StatusBrowser.TextAsync(page, "[data-panel=\"push-site\"] .failures"), "pushed");
        await StatusBrowser.KeepScreenshotAsync(page, TestContext, "status-page-pushed.png");
        await page.CloseAsync();
    }

    [TestMethod]
    public async Task TheJobBrowserFiltersASitesJobsByStateTagAndAppAndPages()
    {
        var site = await _world.CreateSiteAsync("browse-site", StatusWorld.Echo(), StatusWorld.Echo("Other"));
        var echo = await _world.CreateJobsAsync(site.Id, 30, (i, spec) => spec with { Tags = new() { ["exp"] = i % 2 == 0 ? "a" : "b" } });
        await _world.CreateJobsAsync(site.Id, 4, (_, spec) => spec with { Tags = new() { ["exp"] = "a" } }, app: "Other");
        foreach (var job in echo.Where(j => j.Tags["exp"] == "a").Take(3))
        {
            await _world.MoveAsync(job.Id, JobState.Failed);
        }

        var page = await _browser.OpenAsync(_world.Page($"/status/jobs?site={site.Id}&app=Echo&tag=exp%3Da&pageSize=10"));
        await StatusBrowser.WaitAsync(page, "document.getElementById('range').dataset.total === '15'");
        Assert.AreEqual(10, await StatusBrowser.CountAsync(page, "#job-list tbody tr"), "the first page holds 10 of the 15 Echo jobs tagged exp=a");
        Assert.AreEqual("1–10 of 15", await StatusBrowser.TextAsync(page, "#range"));
        await StatusBrowser.KeepScreenshotAsync(page, TestContext, "job-browser.png");

        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#next"));
        await StatusBrowser.WaitAsync(page, "document.body.dataset.loaded");
        Assert.AreEqual("11–15 of 15", await StatusBrowser.TextAsync(page, "#range"), "the next page holds the rest");
        Assert.AreEqual(5, await StatusBrowser.CountAsync(page, "#job-list tbody tr"));
        var second = await page.EvaluateExpressionAsync<long[]>("[...document.querySelectorAll('#job-list tbody tr')].map(r => Number(r.dataset.job))");
        var expected = echo.Where(j => j.Tags["exp"] == "a").Select(j => j.Id).OrderDescending().Skip(10).ToArray();
        CollectionAssert.AreEqual(expected, second, "newest first, page after page");

        await page.SelectAsync("#state", "FAILED");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#filters button[type=submit]"));
        await StatusBrowser.WaitAsync(page, "document.body.dataset.loaded");
        Assert.AreEqual("3", await page.EvaluateExpressionAsync<string>("document.getElementById('range').dataset.total"), "the state filter keeps the 3 FAILED ones");
        Assert.AreEqual(3, await StatusBrowser.CountAsync(page, "#job-list tbody [data-state=\"FAILED\"]"));

        await page.GoToAsync(_world.Page($"/status/jobs?site={site.Id}&state=SLEEPING").ToString());
        await StatusBrowser.WaitAsync(page, "!document.getElementById('problem').hidden");
        StringAssert.Contains(await StatusBrowser.TextAsync(page, "#problem"), "state", "a bad filter names the field");
        await page.CloseAsync();
    }

    [TestMethod]
    public async Task TheJobPageShowsParametersHistoryStateDataErrorTailAndWorkdir()
    {
        var site = await _world.CreateSiteAsync("job-page-site", StatusWorld.Echo());
        var job = (await _world.CreateJobsAsync(site.Id, 1))[0];
        const string tail = "Traceback (most recent call last):\n  File \"run.py\", line 3\nValueError: the input is empty";
        await _world.RunAsync(site.Id, [job.Id], JobState.RunError, JsonSerializer.Serialize(new { returncode = 1, error = tail }));

        var page = await _browser.OpenAsync(_world.Page($"/status/job?id={job.Id}"));
        await StatusBrowser.WaitAsync(page, "document.querySelector('#history [data-to=\"RUN_ERROR\"]')");
        var history = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#history tbody tr')].map(r => r.dataset.to)");
        CollectionAssert.IsSubsetOf(new[] { "PREPROCESSED", "RUNNING", "RUN_ERROR" }, history, $"history: {string.Join(", ", history)}");
        Assert.AreEqual("RUN_ERROR", history[^1], "oldest first, ending in the current state");
        StringAssert.Contains(await StatusBrowser.TextAsync(page, "#error-tail"), "ValueError: the input is empty");
        StringAssert.Contains(await StatusBrowser.TextAsync(page, "#state-data"), "\"returncode\": 1");
        Assert.AreEqual("/scratch/job-page-site/data/echo/0", await StatusBrowser.TextAsync(page, "[data-field=\"Workdir\"]"));
        Assert.AreEqual("0", await StatusBrowser.TextAsync(page, "[data-parameter=\"i\"] td:last-child"));
        await StatusBrowser.KeepScreenshotAsync(page, TestContext, "job-page.png");

        using var http = new HttpClient();
        Assert.AreEqual(HttpStatusCode.NotFound, (await http.GetAsync(_world.Page("/api/jobs/987654321"))).StatusCode);
        await page.CloseAsync();
    }
}
