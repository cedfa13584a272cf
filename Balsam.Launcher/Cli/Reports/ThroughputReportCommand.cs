using System.CommandLine;
using Balsam.States;

namespace Balsam.Launcher.Cli.Reports;

/// <summary><c>balsam report throughput [--site] [--tag K=V]... [--state STATE] [--out FILE.png]</c>: jobs reaching a state over time.</summary>
internal static class ThroughputReportCommand
{
    public static Command Create(CliContext context)
    {
        var site = ReportScope.SiteOption();
        var tags = ReportScope.TagOption("jobs");
        var state = new Option<string>("--state") { Description = "The state counted", DefaultValueFactory = _ => JobState.JobFinished.Name() };
        var output = ReportOutput.OutOption();
        var command = new Command("throughput", "Cumulative count of jobs reaching a state (default JOB_FINISHED) over time") { site, tags, state, output };
        command.SetAction(async (parse, ct) =>
        {
            var toState = JobStateNames.Parse(parse.GetValue(state)!);
            await using var client = await context.ConnectAsync(ct);
            var scope = await ReportScope.ResolveAsync(client, context, parse.GetValue(site), parse.GetValue(tags));
            var series = await client.Analytics.ThroughputAsync(client.Events.Where(site: scope.SiteFilter, tags: scope.Tags), toState, ct);
            var view = new ReportView($"Throughput: jobs reaching {toState.Name()}", $"jobs reached {toState.Name()}", Steps: false, ShowRate: true);
            return ReportOutput.Write(context, view, scope, series, parse.GetValue(output));
        });
        return command;
    }
}
