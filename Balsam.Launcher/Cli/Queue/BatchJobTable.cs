using Balsam.BatchJobs;
using Balsam.Client.BatchJobs;
using Balsam.Launcher.Cli.Output;
using Balsam.Sites;
using Spectre.Console;

namespace Balsam.Launcher.Cli.Queue;

/// <summary>Batch jobs as a table, followed by one full line per refused submission (never cut by the table's width).</summary>
internal static class BatchJobTable
{
    public static void Write(CliContext context, IReadOnlyList<BatchJob> batchJobs, IEnumerable<SiteInfo> sites, bool verbose)
    {
        var siteNames = sites.ToDictionary(s => s.Id, s => s.Name);
        string[] columns = ["id", "site", "scheduler_id", "state", "project", "queue", "num_nodes", "wall_time_min", "job_mode", "filter_tags"];
        var table = Tables.Create(verbose ? [.. columns, "partitions", "optional_params", "status_info", "start_time", "end_time"] : columns);
        foreach (var b in batchJobs)
        {
            string[] cells =
            [
                b.Id.ToString(), siteNames.GetValueOrDefault(b.SiteId, b.SiteId.ToString()), b.SchedulerId?.ToString() ?? "-",
                b.State.Name(), b.Project, b.Queue, b.NumNodes.ToString(), b.WallTimeMin.ToString(), b.JobMode.Name(), Pairs(b.FilterTags, " "),
            ];
            table.AddTextRow(verbose
                ? [.. cells, Tables.Lines(b.Partitions.Select(Partition)), Pairs(b.OptionalParams, "\n"), Pairs(b.StatusInfo, "\n"),
                    Tables.Time(b.StartTime), Tables.Time(b.EndTime)]
                : cells);
        }

        context.Console.Write(table);
        foreach (var refused in batchJobs.Where(b => b.State == BatchJobState.SubmitFailed))
        {
            context.Out.WriteLine(RefusalLine(refused, siteNames));
        }
    }

    /// <summary><c>Batch job 7 at site 'x' was not submitted: sbatch: error: invalid account</c>.</summary>
    public static string RefusalLine(BatchJob batchJob, IReadOnlyDictionary<long, string> siteNames) =>
        $"Batch job {batchJob.Id} at site '{siteNames.GetValueOrDefault(batchJob.SiteId, batchJob.SiteId.ToString())}' was not submitted: " +
        (batchJob.Error is { Length: > 0 } error ? error : "the site recorded no reason (look in the site's log/ folder)");

    /// <summary>A partition as the launcher takes it: <c>serial:2:exp=a</c>.</summary>
    public static string Partition(BatchJobPartition p) =>
        string.Join(':', new[] { p.JobMode.Name(), p.NumNodes.ToString() }.Concat(p.FilterTags.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}")));

    private static string Pairs(IReadOnlyDictionary<string, string> pairs, string separator) =>
        pairs.Count == 0 ? "-" : string.Join(separator, pairs.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
}
