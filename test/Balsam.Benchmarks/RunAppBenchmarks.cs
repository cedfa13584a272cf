using System.Diagnostics;
using Balsam.Client.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Benchmarks;

/// <summary>
/// <c>Run</c> apps through an mpi-mode launcher: SubmitAsync to ResultAsync one at a time, then a batch at once against
/// the same launcher mode's rate for command apps.
/// </summary>
public sealed class RunAppBenchmarks(BenchmarkCluster cluster, Report report, BenchSizes sizes)
{
    public async Task RunAsync(double? commandAppJobsPerSecond, string commandAppLabel)
    {
        var count = sizes.RunAppJobs;
        Console.WriteLine($"Run apps: {count} awaited one at a time, then {count} at once (mpi mode)");
        var client = cluster.Sdk;
        var folder = cluster.NewFolder("site-runapp");
        var site = await client.Sites.CreateAsync(new SiteSpec { Name = SquareApp.SiteName, Path = folder });
        using var stop = new CancellationTokenSource();
        var launcher = new JobLauncherService(client, new LauncherOptions
        {
            Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromMinutes(60), SiteFolder = folder, SiteId = site.Id,
            IdleTtl = TimeSpan.FromHours(1), RunnerCommand = [BenchmarkCluster.DotnetHost(), LauncherAssembly()],
        }, SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.1 } }, NullLogger.Instance).RunAsync(stop.Token);
        try
        {
            // The first job syncs the app's assembly and starts everything cold: not measured.
            await (await client.Jobs.SubmitAsync<SquareApp>("warm", new { x = 3L })).ResultAsync<long>(TimeSpan.FromMinutes(2));
            var roundTrips = new List<double>();
            for (var i = 0; i < count; i++)
            {
                var clock = Stopwatch.StartNew();
                var job = await client.Jobs.SubmitAsync<SquareApp>($"one/{i}", new { x = (long)i });
                var square = await job.ResultAsync<long>(TimeSpan.FromMinutes(2));
                roundTrips.Add(clock.Elapsed.TotalMilliseconds);
                if (square != (long)i * i)
                {
                    throw new InvalidOperationException($"Run returned {square} for {i}");
                }
            }

            report.Figure("runapp_roundtrip_p50_ms", Percentiles.Of(roundTrips, 50), "ms", 50, "bar", higherIsBetter: false);

            var batch = Stopwatch.StartNew();
            var packed = new JobOptions { NodePackingCount = LauncherRun.JobsPerNode }; // as many at a time as the command-app run
            // Submitted as a batch is: one call, as the command-app jobs were created.
            var jobs = await client.Jobs.BulkCreateAsync(Enumerable.Range(0, count).Select(i => client.Jobs.New<SquareApp>($"many/{i}", new { x = (long)i }, packed)));

            var done = await client.Jobs.WaitAsync(jobs, ReturnWhen.AllCompleted, TimeSpan.FromMinutes(10));
            if (done.NotDone.Count > 0)
            {
                throw new InvalidOperationException($"{done.NotDone.Count} Run jobs were not done in time");
            }

            report.Figure("runapp_jobs_per_s", count / batch.Elapsed.TotalSeconds, "jobs/s", commandAppJobsPerSecond, commandAppLabel);
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
    }

    /// <summary><c>Balsam.Launcher/bin/{Configuration}/{tfm}/balsam.dll</c> (complete dependencies), else the copy beside this program.</summary>
    public static string LauncherAssembly()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (bin.Name, bin.Parent!.Name);
        for (var folder = bin; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "Balsam.Launcher", "bin", configuration, framework, "balsam.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "balsam.dll");
    }
}
