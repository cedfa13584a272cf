using System.CommandLine;

namespace Balsam.Launcher.Cli.Reports;

/// <summary><c>balsam report throughput | utilization | nodes</c>: the SPEC §7 analytics as a summary table and, with --out, a PNG plot.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context) => new("report", "Throughput, utilization and available nodes over time (summary, and a PNG with --out)")
    {
        ThroughputReportCommand.Create(context),
        UtilizationReportCommand.Create(context),
        NodesReportCommand.Create(context),
    };
}
