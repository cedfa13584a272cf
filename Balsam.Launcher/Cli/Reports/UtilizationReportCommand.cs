using System.CommandLine;

namespace Balsam.Launcher.Cli.Reports;

/// <summary><c>balsam report utilization [--site] [--tag K=V]... [--node-weighting] [--out FILE.png]</c>: jobs or nodes running over time.</summary>
internal static class UtilizationReportCommand
{
    public static Command Create(CliContext context)
    {
        var site = ReportScope.SiteOption();
        var tags = ReportScope.TagOption("jobs");
        var weighting = new Option<bool>("--node-weighting") { Description = "Count nodes (num_nodes / node_packing_count of each job) rather than jobs" };
        var output = ReportOutput.OutOption();
        var command = new Command("utilization", "Jobs (or nodes) in RUNNING over time") { site, tags, weighting, output };
        command.SetAction(async (parse, ct) =>
        {
            var nodeWeighting = parse.GetValue(weighting);
            await using var client = await context.ConnectAsync(ct);
            var scope = await ReportScope.ResolveAsync(client, context, parse.GetValue(site), parse.GetValue(tags));
            var series = await client.Analytics.UtilizationAsync(client.Events.Where(site: scope.SiteFilter, tags: scope.Tags), nodeWeighting, ct);
            var view = nodeWeighting
                ? new ReportView("Utilization: nodes busy with RUNNING jobs", "nodes running", Steps: true, ShowRate: false)
                : new ReportView("Utilization: RUNNING jobs", "jobs running", Steps: true, ShowRate: false);
            return ReportOutput.Write(context, view, scope, series, parse.GetValue(output));
        });
        return command;
    }
}
