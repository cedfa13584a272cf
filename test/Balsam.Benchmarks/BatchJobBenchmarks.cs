using System.Diagnostics;
using Balsam.BatchJobs;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Scheduling.Local;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent;
using Balsam.Launcher.SiteAgent.Scheduler;
using Balsam.Sites;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Benchmarks;

/// <summary>
/// How long a new batch job waits before the site submits it: created through the service, pushed to the site
/// agent's scheduler service, rendered, written and started by the local scheduler (Balsam polls every 10 s for this).
/// Against starting the same script with no service around it.
/// </summary>
public sealed class BatchJobBenchmarks(BenchmarkCluster cluster, Report report)
{
    private const string Template = "#!/bin/bash\n# {{ num_nodes }} node(s), {{ wall_time_min }} min\nexit 0\n";

    public async Task RunAsync(int batchJobs)
    {
        Console.WriteLine($"Batch-job submission latency: {batchJobs} local batch jobs, created one at a time");
        var client = cluster.Sdk;
        var folder = cluster.NewFolder("site-batch");
        File.WriteAllText(Path.Combine(folder, "job-template.sh"), Template);
        var settings = SiteSettings.Default with
        {
            Scheduler = new SchedulerSettings
            {
                AllowedProjects = ["local"],
                AllowedQueues = new() { ["local"] = new QueueSettings { MaxNodes = 1, MaxWalltime = 60, MaxQueuedJobs = 1000 } },
            },
        };
        var site = await client.Sites.CreateAsync(new SiteSpec { Name = "batch-latency", Path = folder });
        await client.Sites.UpdateSettingsAsync(site.Id, settings.ToSummary());
        using var stop = new CancellationTokenSource();
        var scheduler = new LocalScheduler(Path.Combine(folder, "qsubmit"));
        var service = new SchedulerService(client, site.Id, folder, settings, scheduler, NullLogger.Instance).RunAsync(stop.Token);
        await Task.Delay(500);

        var service0 = client.Cluster.GetGrain<IBatchJobServiceGrain>(0);
        var latencies = new List<double>();
        for (var i = 0; i < batchJobs; i++)
        {
            var clock = Stopwatch.StartNew();
            var created = await service0.CreateAsync(new BatchJobSpec { SiteId = site.Id, Project = "local", Queue = "local", NumNodes = 1, WallTimeMin = 5 });
            var grain = client.Cluster.GetGrain<IBatchJobGrain>(created.Id);
            while ((await grain.GetAsync()).SchedulerId is null)
            {
                await Task.Delay(1);
            }

            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        await stop.CancelAsync();
        try
        {
            await service;
        }
        catch (OperationCanceledException)
        {
        }

        latencies.Sort();
        report.Detail("batch job: created -> submitted (median ms)", latencies[latencies.Count / 2], "ms",
            "bare start of the same script (median)", await BareSubmitMillisecondsAsync(scheduler, folder, batchJobs), higherIsBetter: false);
        await Folders.DeleteAsync(folder);
    }

    /// <summary>The local scheduler's own work: write the script and start it, with no service or agent around it.</summary>
    private static async Task<double> BareSubmitMillisecondsAsync(LocalScheduler scheduler, string folder, int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            var script = Path.Combine(folder, "qsubmit", $"bare{i}.sh");
            await File.WriteAllTextAsync(script, Template);
            await scheduler.SubmitAsync(new SchedulerSubmission { ScriptPath = script, Project = "local", Queue = "local", NumNodes = 1, WallTimeMin = 5 }, CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
