namespace Balsam.Launcher.Settings;

/// <summary><c>logging</c>: the site agent's and launchers' log files under <c>log/</c>.</summary>
public sealed record LoggingSettings
{
    public static IReadOnlyList<string> Levels { get; } = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    /// <summary>Least severe level written: TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL.</summary>
    public string Level { get; init; } = "INFO";

    /// <summary>Records kept in memory before the log file is written (ERROR records are written at once).</summary>
    public int BufferNumRecords { get; init; } = 1024;

    /// <summary>Seconds between log flushes at most.</summary>
    public int FlushPeriod { get; init; } = 30;
}
