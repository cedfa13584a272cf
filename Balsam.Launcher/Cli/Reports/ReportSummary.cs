using System.Globalization;
using Balsam.Client.Analytics;
using Balsam.Launcher.Cli.Output;

namespace Balsam.Launcher.Cli.Reports;

/// <summary>The compact table every report prints: points, first and last time, final value, peak, and a rate for counts.</summary>
internal static class ReportSummary
{
    public static void Write(CliContext context, ReportView view, ReportScope scope, TimeSeries series)
    {
        context.Out.WriteLine($"{view.Title} ({scope.Description})");
        if (series.IsEmpty)
        {
            context.Out.WriteLine("No matching events or batch jobs: nothing to report.");
            return;
        }

        var headers = new List<string> { "points", "first", "last", $"final {view.ValueLabel}", "peak" };
        var cells = new List<string>
        {
            series.Count.ToString(CultureInfo.InvariantCulture),
            Tables.Time(series.Times[0]),
            Tables.Time(series.Times[^1]),
            Number(series.LastValue),
            Number(series.PeakValue),
        };
        if (view.ShowRate)
        {
            headers.Add("per minute");
            cells.Add(RatePerMinute(series) is { } rate ? rate.ToString("0.##", CultureInfo.InvariantCulture) : "-");
        }

        var table = Tables.Create([.. headers]);
        table.AddTextRow([.. cells]);
        context.Console.Write(table);
    }

    /// <summary>The average rate of a cumulative count over its span; null when all points share one time.</summary>
    public static double? RatePerMinute(TimeSeries series) =>
        series.Span > TimeSpan.Zero ? series.LastValue / series.Span.TotalMinutes : null;

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
