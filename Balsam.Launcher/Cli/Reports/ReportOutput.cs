using Balsam.Client.Analytics;

namespace Balsam.Launcher.Cli.Reports;

/// <summary>What every report does with its series: the summary table, then with <c>--out</c> the PNG plot.</summary>
internal static class ReportOutput
{
    public static System.CommandLine.Option<string?> OutOption() => new("--out", "-o")
    {
        Description = "Also write the report as a PNG plot to this file",
    };

    public static int Write(CliContext context, ReportView view, ReportScope scope, TimeSeries series, string? outPath)
    {
        ReportSummary.Write(context, view, scope, series);
        if (outPath is null)
        {
            return ExitCodes.Success;
        }

        if (series.IsEmpty)
        {
            context.Out.WriteLine($"No plot written: {outPath} would be empty.");
            return ExitCodes.Success;
        }

        var fullPath = context.FullPath(outPath);
        ReportPlot.WritePng(fullPath, view, scope, series);
        context.Out.WriteLine($"Plot written to {fullPath}");
        return ExitCodes.Success;
    }
}
