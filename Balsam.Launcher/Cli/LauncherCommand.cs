using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Balsam.Launcher.Cli.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Pilot.Nodes;
using Balsam.Launcher.Settings;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Cli;

/// <summary>
/// <c>balsam launcher --job-mode mpi|serial --wall-time-min N [--tag k=v]... [--part MODE:N[:K=V]]... [--site SITE]</c>: runs jobs
/// until the wall time ends. With --part, one launcher per partition; in serial mode over several nodes, one worker per node.
/// </summary>
internal static class LauncherCommand
{
    public static Command Create(CliContext context)
    {
        var mode = new Option<LauncherMode>("--job-mode", "-j") { Description = "mpi or serial", Required = true };
        var wallTime = new Option<double>("--wall-time-min", "-t") { Description = "Minutes until the launcher stops its jobs and ends", Required = true };
        var tags = KeyValueOption.Create("--tag", "Only jobs with this tag key=value (repeatable)");
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var idle = new Option<double?>("--idle-ttl-sec") { Description = "End after this long with nothing to do (default: launcher.idle_ttl_sec)" };
        var hosts = new Option<string?>("--hosts") { Description = "Comma-separated node names (default: this host)" };
        var batchJob = new Option<long?>("--batch-job-id") { Description = "The batch job this launcher runs in (default: $BALSAM_BATCH_JOB_ID)" };
        var parts = PartitionOption.Create($"Split the allocation: one launcher per {PartitionOption.Syntax} (repeatable; --tag is then not used)");
        var thisNode = new Option<bool>("--this-node") { Description = "Run on this node only (a serial-mode worker)", Hidden = true };
        var command = new Command("launcher", "Run jobs of a site on this allocation (inside a batch job, or directly)")
        {
            mode, wallTime, tags, site, idle, hosts, batchJob, parts, thisNode,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true; // stop gracefully: running jobs become RUN_TIMEOUT
                stop.Cancel();
            });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
            {
                signal.Cancel = true; // Ctrl+C stops as SIGTERM does
                stop.Cancel();
            });
            await using var client = await context.ConnectWithoutRetriesAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            var settingsFile = Path.Combine(target.Path, SettingsLoader.FileName);
            var settings = File.Exists(settingsFile) ? SettingsLoader.Load(settingsFile) : SiteSettings.Default;
            var worker = parse.GetValue(thisNode);
            var allocation = worker ? [Environment.MachineName]
                : parse.GetValue(hosts)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? Discover(settings);
            var batchJobId = parse.GetValue(batchJob)
                ?? (long.TryParse(Environment.GetEnvironmentVariable("BALSAM_BATCH_JOB_ID"), out var fromEnvironment) ? fromEnvironment : null);
            if (PartitionOption.Parse(parse.GetValue(parts)) is { Count: > 0 } partitions)
            {
                return await new PartitionedLaunch(partitions, allocation).RunAsync(
                    target.Path, target.Id, parse.GetValue(wallTime), batchJobId, parse.GetValue(idle), context.Out, stop.Token);
            }

            var filterTags = KeyValueOption.Parse(parse.GetValue(tags), "--tag");
            if (parse.GetValue(mode) == LauncherMode.Serial && allocation.Count > 1)
            {
                var workerArguments = new List<string>
                {
                    "launcher", "-j", "serial", "-t", parse.GetValue(wallTime).ToString(CultureInfo.InvariantCulture),
                    "--site", target.Id.ToString(CultureInfo.InvariantCulture), "--this-node",
                };
                if (batchJobId is { } id)
                {
                    workerArguments.AddRange(["--batch-job-id", id.ToString(CultureInfo.InvariantCulture)]);
                }

                if (parse.GetValue(idle) is { } idleSeconds)
                {
                    workerArguments.AddRange(["--idle-ttl-sec", idleSeconds.ToString(CultureInfo.InvariantCulture)]);
                }

                workerArguments.AddRange(filterTags.SelectMany(t => new[] { "--tag", $"{t.Key}={t.Value}" }));
                return await new SerialWorkers(allocation, settings.Launcher).RunAsync(workerArguments, target.Path, context.Out, stop.Token);
            }

            using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }));
            var options = new LauncherOptions
            {
                Mode = parse.GetValue(mode),
                WallTime = TimeSpan.FromMinutes(parse.GetValue(wallTime)),
                SiteFolder = target.Path,
                SiteId = target.Id,
                FilterTags = filterTags,
                Hosts = allocation,
                IdleTtl = parse.GetValue(idle) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                BatchJobId = batchJobId,
            };
            var started = await new JobLauncherService(client, options, settings, logging.CreateLogger(worker ? $"balsam.worker{SerialWorkers.Rank()}" : "balsam.launcher")).RunAsync(stop.Token);
            context.Out.WriteLine($"Launcher ended after starting {started} jobs.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<string> Discover(SiteSettings settings)
    {
        try
        {
            return BatchJobNodes.Discover(settings.Launcher.ComputeNode.NodeList, Environment.GetEnvironmentVariable);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new CliUserException(e.Message);
        }
    }
}
