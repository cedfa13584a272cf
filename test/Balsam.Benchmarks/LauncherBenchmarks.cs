using System.Diagnostics;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Benchmarks;

/// <summary>Jobs per second through a launcher, against bare process starts per second with the same concurrency.</summary>
public sealed class LauncherBenchmarks(BenchmarkCluster cluster, Report report)
{
    public async Task RunAsync(int jobs, string gateway)
    {
        Console.WriteLine($"Launcher throughput: {jobs} jobs of /bin/true, serial mode, {Environment.ProcessorCount} slots");
        await using var client = await BalsamClient.ConnectAsync(new BalsamClientOptions { Gateway = gateway, UserName = "bench" });
        var folder = Directory.CreateTempSubdirectory("balsam-bench-site-").FullName;
        var site = await client.Sites.CreateAsync(new SiteSpec { Name = "throughput", Path = folder });
        await client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "True", CommandTemplate = "true" });
        await cluster.Client.GetGrain<IJobServiceGrain>(0).CreateAsync(Enumerable.Range(0, jobs)
            .Select(i => new JobSpec { SiteId = site.Id, AppName = "True", Workdir = $"t/{i}" }).ToList());
        var settings = SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.1 } };
        var launcher = new JobLauncherService(client, new LauncherOptions
        {
            Mode = LauncherMode.Serial, WallTime = TimeSpan.FromMinutes(30), SiteFolder = folder, SiteId = site.Id, IdleTtl = TimeSpan.FromSeconds(0.5),
        }, settings, NullLogger.Instance);

        var clock = Stopwatch.StartNew();
        var started = await launcher.RunAsync(CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds - 0.5; // the idle time before it ends is not work
        report.Add("launcher: jobs started, run and reported (/s)", started / seconds, "jobs/s",
            $"bare setsid+sh+true starts, {Environment.ProcessorCount} at a time", BareStartsPerSecond(jobs));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The same process tree the launcher starts per job (setsid, sh, the program), with no service around it.</summary>
    private static double BareStartsPerSecond(int count)
    {
        var clock = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ =>
        {
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false, ArgumentList = { "/bin/sh", "-c", "exec \"$@\" >/dev/null 2>&1", "x", "/bin/sh", "-c", "true" } };
            using var process = Process.Start(start)!;
            process.WaitForExit();
        });
        return count / clock.Elapsed.TotalSeconds;
    }
}
