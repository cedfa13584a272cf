using System.Diagnostics;
using System.Globalization;
using Balsam.BatchJobs;
using Balsam.Launcher.Cli;
using Balsam.Launcher.Sites;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// <c>balsam launcher --part MODE:N[:K=V]...</c>: splits the allocation's hosts into consecutive slices, one per
/// partition, and runs a launcher per slice with the partition's job mode and filter tags (the top-level tags are not
/// used, as in Balsam). Each child logs to <c>log/launcher_TIMESTAMP.K.out</c>; SIGTERM is passed on to all of them.
/// </summary>
internal sealed class PartitionedLaunch(IReadOnlyList<BatchJobPartition> partitions, IReadOnlyList<string> hosts)
{
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    /// <exception cref="CliUserException">The partitions need more nodes than the allocation has.</exception>
    public IReadOnlyList<(BatchJobPartition Partition, IReadOnlyList<string> Hosts)> Slices()
    {
        var needed = partitions.Sum(p => p.NumNodes);
        if (needed > hosts.Count)
        {
            throw new CliUserException($"--part: the partitions need {needed} nodes; this allocation has {hosts.Count} ({string.Join(",", hosts)})");
        }

        var slices = new List<(BatchJobPartition, IReadOnlyList<string>)>();
        var next = 0;
        foreach (var partition in partitions)
        {
            slices.Add((partition, hosts.Skip(next).Take(partition.NumNodes).ToList()));
            next += partition.NumNodes;
        }

        return slices;
    }

    /// <summary>Starts every child launcher, waits for all, and returns the highest exit code.</summary>
    public async Task<int> RunAsync(
        string siteFolder, long siteId, double wallTimeMin, long? batchJobId, double? idleTtlSec, TextWriter output, CancellationToken stop)
    {
        var stamp = DateTime.Now.ToString("yyyy-MM-dd_HHmmss", CultureInfo.InvariantCulture);
        var children = new List<Process>();
        var k = 0;
        foreach (var (partition, slice) in Slices())
        {
            var log = Path.Combine(siteFolder, "log", $"launcher_{stamp}.{k++}.out");
            children.Add(Start(partition, slice, siteId, wallTimeMin, batchJobId, idleTtlSec, siteFolder, log));
            output.WriteLine($"Partition {k}: {partition.JobMode.Name()} on {string.Join(",", slice)}; log {log}");
        }

        using var registration = stop.Register(() =>
        {
            foreach (var child in children.Where(c => !c.HasExited))
            {
                Signals.Terminate(child.Id);
            }
        });
        using var grace = new CancellationTokenSource();
        using var startGrace = stop.Register(() => grace.CancelAfter(StopGrace));
        try
        {
            await Task.WhenAll(children.Select(c => c.WaitForExitAsync(grace.Token)));
        }
        catch (OperationCanceledException)
        {
            foreach (var child in children.Where(c => !c.HasExited))
            {
                child.Kill(entireProcessTree: true);
            }
        }

        var code = children.Select(c => c.HasExited ? c.ExitCode : 1).DefaultIfEmpty(0).Max();
        children.ForEach(c => c.Dispose());
        return code;
    }

    private static Process Start(BatchJobPartition partition, IReadOnlyList<string> slice, long siteId, double wallTimeMin,
        long? batchJobId, double? idleTtlSec, string siteFolder, string log)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = siteFolder, UseShellExecute = false, RedirectStandardInput = true };
        var arguments = new List<string>
        {
            "-c", "exec \"$@\" >\"$BALSAM_PARTITION_LOG\" 2>&1 </dev/null", "balsam-partition",
        };
        arguments.AddRange(BalsamProgram.Command);
        arguments.AddRange(["launcher", "-j", partition.JobMode.Name(), "-t", wallTimeMin.ToString(CultureInfo.InvariantCulture),
            "--site", siteId.ToString(CultureInfo.InvariantCulture), "--hosts", string.Join(',', slice)]);
        if (batchJobId is { } id)
        {
            arguments.AddRange(["--batch-job-id", id.ToString(CultureInfo.InvariantCulture)]);
        }

        if (idleTtlSec is { } idle)
        {
            arguments.AddRange(["--idle-ttl-sec", idle.ToString(CultureInfo.InvariantCulture)]);
        }

        foreach (var (name, value) in partition.FilterTags)
        {
            arguments.AddRange(["--tag", $"{name}={value}"]);
        }

        arguments.ForEach(start.ArgumentList.Add);
        start.Environment["BALSAM_PARTITION_LOG"] = log;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a partition's launcher");
        process.StandardInput.Close();
        return process;
    }
}
