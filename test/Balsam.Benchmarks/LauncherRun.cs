using System.Diagnostics;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Benchmarks;

/// <summary>
/// One launcher draining a new site of <c>true</c> jobs: its rate, and the CPU time it (with the jobs it started) and
/// the service (silo and PostgreSQL) spent over the run.
/// </summary>
public sealed record LauncherRun(int Jobs, double JobsPerSecond, double LauncherCpuMs, double LauncherOwnCpuMs, double ServiceCpuMs, double SiloCpuMs)
{
    /// <summary>PostgreSQL's part of <see cref="ServiceCpuMs"/> (ms a job).</summary>
    public double PostgresCpuMs => ServiceCpuMs - SiloCpuMs;

    /// <summary>The launcher's job guard (one shell per launcher process): part of the launcher's CPU, though never waited for.</summary>
    private const string JobGuardName = "balsam-job-guard";

    /// <summary>The idle time a launcher waits for more work before it ends: not part of the work.</summary>
    private static readonly TimeSpan IdleTtl = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Jobs share the one node as many at a time as there are cores, the concurrency the bare starts are measured at:
    /// with the default packing of 1 the launcher would run one job at a time against two bare starts.
    /// </summary>
    public static int JobsPerNode => Environment.ProcessorCount;

    public static async Task<LauncherRun> RunAsync(BenchmarkCluster cluster, string name, LauncherMode mode, int jobs, LauncherSettings? launcher = null)
    {
        var client = cluster.Sdk;
        var folder = cluster.NewFolder($"site-{name}");
        var site = await client.Sites.CreateAsync(new SiteSpec { Name = name, Path = folder });
        await client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "True", CommandTemplate = "true" });
        var service = cluster.Client.GetGrain<IJobServiceGrain>(0);
        for (var created = 0; created < jobs; created += 10_000)
        {
            await service.CreateAsync(Enumerable.Range(created, Math.Min(10_000, jobs - created))
                .Select(i => new JobSpec
                {
                    SiteId = site.Id, AppName = "True", Workdir = $"t/{i}", Resources = new JobResources { NodePackingCount = JobsPerNode },
                }).ToList());
        }

        var settings = SiteSettings.Default with { Launcher = (launcher ?? SiteSettings.Default.Launcher) with { DelaySec = 0.1 } };
        var service0 = cluster.ServiceCpuMilliseconds();
        var silo0 = cluster.SiloCpuMilliseconds();
        var self0 = ProcessCpu.Milliseconds(Environment.ProcessId, children: true) + ProcessCpu.LiveChildrenMilliseconds(JobGuardName);
        var own0 = ProcessCpu.Milliseconds(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        var started = await new JobLauncherService(client, new LauncherOptions
        {
            Mode = mode, WallTime = TimeSpan.FromMinutes(60), SiteFolder = folder, SiteId = site.Id, IdleTtl = IdleTtl,
        }, settings, NullLogger.Instance).RunAsync(CancellationToken.None);
        var seconds = Math.Max(0.001, clock.Elapsed.TotalSeconds - IdleTtl.TotalSeconds);
        var self = ProcessCpu.Milliseconds(Environment.ProcessId, children: true) + ProcessCpu.LiveChildrenMilliseconds(JobGuardName) - self0;
        var own = ProcessCpu.Milliseconds(Environment.ProcessId) - own0;
        var serviceCpu = cluster.ServiceCpuMilliseconds() - service0;
        var siloCpu = cluster.SiloCpuMilliseconds() - silo0;
        if (started < jobs)
        {
            throw new InvalidOperationException($"the {mode} launcher started {started} of {jobs} jobs");
        }

        return new LauncherRun(started, started / seconds, self / started, own / started, serviceCpu / started, siloCpu / started);
    }
}
