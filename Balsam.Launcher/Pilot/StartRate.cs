namespace Balsam.Launcher.Pilot;

/// <summary>
/// The node footprint a launcher started over the last <see cref="Window"/>, per second: it sizes MPI mode's lease-ahead
/// queue (<see cref="AcquireSizing.LeaseAhead"/>), so short jobs are leased a few dozen at a time rather than a few.
/// </summary>
internal sealed class StartRate
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly Queue<(TimeSpan At, double Nodes)> _starts = new();
    private double _nodes;

    /// <summary>A job of <paramref name="nodes"/> node footprint started at <paramref name="at"/> (a monotonic clock).</summary>
    public void Started(TimeSpan at, double nodes)
    {
        _starts.Enqueue((at, nodes));
        _nodes += nodes;
    }

    /// <summary>The footprint started per second over the window that ends at <paramref name="now"/>.</summary>
    public double NodesPerSecond(TimeSpan now)
    {
        while (_starts.TryPeek(out var oldest) && now - oldest.At > Window)
        {
            _starts.Dequeue();
            _nodes -= oldest.Nodes;
        }

        return _starts.Count == 0 ? 0 : _nodes / Window.TotalSeconds;
    }
}
