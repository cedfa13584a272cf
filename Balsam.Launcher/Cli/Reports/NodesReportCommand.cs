using System.CommandLine;

namespace Balsam.Launcher.Cli.Reports;

/// <summary><c>balsam report nodes [--site] [--tag K=V]... [--out FILE.png]</c>: nodes held by batch jobs that started and ended.</summary>
internal static class NodesReportCommand
{
    public static Command Create(CliContext context)
    {
        var site = ReportScope.SiteOption();
        var tags = ReportScope.TagOption("batch jobs");
        var output = ReportOutput.OutOption();
        var command = new Command("nodes", "Nodes held by batch jobs over time (those with both a start and an end time)") { site, tags, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var scope = await ReportScope.ResolveAsync(client, context, parse.GetValue(site), parse.GetValue(tags));
            var series = await client.Analytics.AvailableNodesAsync(client.BatchJobs.Where(site: scope.SiteFilter, filterTags: scope.Tags), ct);
            var view = new ReportView("Available nodes: held by batch jobs", "nodes", Steps: true, ShowRate: false);
            return ReportOutput.Write(context, view, scope, series, parse.GetValue(output));
        });
        return command;
    }
}
