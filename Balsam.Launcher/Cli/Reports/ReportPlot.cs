extern alias ScottPlotLibrary;

using Balsam.Client.Analytics;
using ScottPlotLibrary::ScottPlot;

namespace Balsam.Launcher.Cli.Reports;

/// <summary>A report as a PNG: local time on x, the value on y, steps for levels, a title naming the report and its scope.</summary>
internal static class ReportPlot
{
    public const int Width = 1200;
    public const int Height = 700;

    public static void WritePng(string path, ReportView view, ReportScope scope, TimeSeries series)
    {
        var plot = new Plot();
        double[] xs = [.. series.Times.Select(t => t.LocalDateTime.ToOADate())];
        double[] ys = [.. series.Values];
        var line = plot.Add.Scatter(xs, ys);
        line.LineWidth = 2;
        line.MarkerSize = view.Steps ? 0 : 5;
        line.ConnectStyle = view.Steps ? ConnectStyle.StepHorizontal : ConnectStyle.Straight;

        plot.Axes.DateTimeTicksBottom();
        plot.Title($"{view.Title}\n{scope.Description}");
        plot.XLabel($"time (local, {UtcOffset(series.Times[0])})");
        plot.YLabel(view.ValueLabel);
        var low = Math.Min(0, ys.Min());
        var high = Math.Max(1, ys.Max());
        if (ys.All(y => y == Math.Floor(y)))
        {
            plot.Axes.Left.TickGenerator = new ScottPlotLibrary::ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        plot.Axes.SetLimitsY(low, high + (high - low) * 0.08);
        if (series.Count == 1 || series.Span == TimeSpan.Zero)
        {
            var center = xs[0];
            plot.Axes.SetLimitsX(center - 1.0 / 24 / 60, center + 1.0 / 24 / 60); // one minute either side of a lone instant
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        plot.SavePng(path, Width, Height);
    }

    private static string UtcOffset(DateTimeOffset time)
    {
        var offset = time.ToLocalTime().Offset;
        return $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset:hh\\:mm}";
    }
}
