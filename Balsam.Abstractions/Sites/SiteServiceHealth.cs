namespace Balsam.Sites;

/// <summary>
/// How one service of a site agent is doing (processing, scheduler, elastic queue), sent with the agent's heartbeat so a
/// site whose agent is alive but whose service fails or hangs does not look healthy (a weak point of Balsam).
/// </summary>
[GenerateSerializer, Alias("balsam.SiteServiceHealth")]
public sealed record SiteServiceHealth
{
    [Id(0)] public required string Name { get; init; }

    /// <summary>The end of its last good cycle.</summary>
    [Id(1)] public DateTimeOffset? LastOk { get; init; }

    /// <summary>The last error, while it is the latest news (cleared by the next good cycle).</summary>
    [Id(2)] public string? Error { get; init; }

    [Id(3)] public DateTimeOffset? ErrorAt { get; init; }

    /// <summary>How often it should report a good cycle, in seconds.</summary>
    [Id(4)] public double PeriodSec { get; init; }

    /// <summary>Failing (an error since its last good cycle) or stalled (no good cycle for 3 periods and a minute).</summary>
    public string? Problem(DateTimeOffset now)
    {
        if (Error is { } error)
        {
            return $"{Name} failing since {ErrorAt:u}: {error}";
        }

        var since = LastOk ?? ErrorAt;
        return since is { } last && now - last > TimeSpan.FromSeconds(3 * PeriodSec + 60)
            ? $"{Name} stalled: no good cycle since {last:u}"
            : null;
    }
}
