namespace Balsam.Benchmarks;

/// <summary>Nearest-rank percentiles of timings.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            throw new InvalidOperationException("no samples");
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Times <paramref name="action"/> <paramref name="count"/> times, one after another (ms each).</summary>
    public static async Task<List<double>> TimeAsync(int count, Func<Task> action)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return times;
    }
}
