using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Balsam.States;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Benchmarks;

/// <summary>
/// Jobs submitted one at a time to a waiting serial-mode launcher: submit to RUNNING (dispatch), and RUN_DONE to the
/// client learning the job is done (result). The times of RUNNING and RUN_DONE are the jobs' own events.
/// </summary>
public sealed class LatencyBenchmarks(BenchmarkCluster cluster, Report report, BenchSizes sizes)
{
    /// <summary>Balsam's own dispatch and result latency, about 2 s (it polls): the anchor these are compared with.</summary>
    private const double BalsamMs = 2_000;

    public async Task RunAsync()
    {
        Console.WriteLine($"Dispatch and result latency: {sizes.LatencySamples} jobs of `true`, one at a time, to a waiting launcher");
        var client = cluster.Sdk;
        var folder = cluster.NewFolder("site-latency");
        var site = await client.Sites.CreateAsync(new SiteSpec { Name = "latency", Path = folder });
        await client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "True", CommandTemplate = "true" });
        using var stop = new CancellationTokenSource();
        var launcher = new JobLauncherService(client, new LauncherOptions
        {
            Mode = LauncherMode.Serial, WallTime = TimeSpan.FromMinutes(60), SiteFolder = folder, SiteId = site.Id, IdleTtl = TimeSpan.FromHours(1),
        }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.1 } }, NullLogger.Instance).RunAsync(stop.Token);

        var dispatch = new List<double>();
        var result = new List<double>();
        try
        {
            for (var i = -1; i < sizes.LatencySamples; i++) // the first one warms the launcher's session up
            {
                var submitted = DateTimeOffset.UtcNow;
                var job = await client.Jobs.CreateAsync(new JobSpec { SiteId = site.Id, AppName = "True", Workdir = $"l/{i + 1}" });
                await job.WaitAsync(TimeSpan.FromMinutes(1));
                var known = DateTimeOffset.UtcNow;
                if (i < 0)
                {
                    continue;
                }

                var events = await client.Events.Where(jobId: job.Id).ToListAsync();
                dispatch.Add((events.First(e => e.To == JobState.Running).Timestamp - submitted).TotalMilliseconds);
                result.Add((known - events.First(e => e.To == JobState.RunDone).Timestamp).TotalMilliseconds);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await launcher;
            }
            catch (OperationCanceledException)
            {
            }
        }

        report.Figure("dispatch_p50_ms", Percentiles.Of(dispatch, 50), "ms", BalsamMs, "Balsam's ~2 s", higherIsBetter: false);
        report.Figure("dispatch_p99_ms", Percentiles.Of(dispatch, 99), "ms", BalsamMs, "Balsam's ~2 s", higherIsBetter: false);
        report.Figure("result_p50_ms", Percentiles.Of(result, 50), "ms", BalsamMs, "Balsam's ~2 s", higherIsBetter: false);
    }
}
