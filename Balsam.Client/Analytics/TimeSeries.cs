namespace Balsam.Client.Analytics;

/// <summary>
/// Values over time, ordered by time: what the analytics reports return. A report's value holds from its time until
/// the next point (a step), so plot it as steps.
/// <code>
/// var done = await balsam.Analytics.ThroughputAsync(balsam.Events.Where(site: "polaris"));
/// Console.WriteLine($"{done.LastValue} jobs finished by {done.Times[^1]:T}");
/// </code>
/// </summary>
public sealed class TimeSeries
{
    /// <summary>Makes a series from points already ordered by time.</summary>
    /// <param name="times">The times, oldest first (equal times are allowed).</param>
    /// <param name="values">One value per time.</param>
    /// <exception cref="ArgumentException">The lists differ in length or the times go back.</exception>
    public TimeSeries(IReadOnlyList<DateTimeOffset> times, IReadOnlyList<double> values)
    {
        if (times.Count != values.Count)
        {
            throw new ArgumentException($"{times.Count} times but {values.Count} values.", nameof(values));
        }

        for (var i = 1; i < times.Count; i++)
        {
            if (times[i] < times[i - 1])
            {
                throw new ArgumentException($"Times must not go back: point {i} ({times[i]:O}) is before point {i - 1} ({times[i - 1]:O}).", nameof(times));
            }
        }

        Times = times;
        Values = values;
    }

    /// <summary>A series without points.</summary>
    public static TimeSeries Empty { get; } = new([], []);

    /// <summary>The times of the points, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Times { get; }

    /// <summary>The value at each time.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>How many points there are.</summary>
    public int Count => Times.Count;

    /// <summary>Whether there are no points.</summary>
    public bool IsEmpty => Times.Count == 0;

    /// <summary>The value at the last time; 0 for an empty series.</summary>
    public double LastValue => IsEmpty ? 0 : Values[^1];

    /// <summary>The largest value; 0 for an empty series.</summary>
    public double PeakValue => IsEmpty ? 0 : Values.Max();

    /// <summary>The time from the first point to the last; zero for fewer than two points.</summary>
    public TimeSpan Span => IsEmpty ? TimeSpan.Zero : Times[^1] - Times[0];
}
