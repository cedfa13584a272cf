using Balsam.Client.Analytics;

namespace Balsam.Silo.Dashboard.Sites;

/// <summary>A time series as the page draws it: the value before the first point, then times and values of the same length.</summary>
public sealed record SeriesPoints(double Start, IReadOnlyList<DateTimeOffset> Times, IReadOnlyList<double> Values)
{
    /// <summary>The series lifted by <paramref name="offset"/>, which is also its value before its first point.</summary>
    public static SeriesPoints From(TimeSeries series, double offset = 0) =>
        new(offset, series.Times, [.. series.Values.Select(v => v + offset)]);
}
