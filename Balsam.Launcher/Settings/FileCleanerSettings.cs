namespace Balsam.Launcher.Settings;

/// <summary><c>file_cleaner</c> (off when null): deletes the apps' <c>cleanup_files</c> from finished jobs' workdirs.</summary>
public sealed record FileCleanerSettings
{
    /// <summary>Jobs cleaned per cycle.</summary>
    public int CleanupBatchSize { get; init; } = 180;

    /// <summary>Seconds between cycles.</summary>
    public int ServicePeriod { get; init; } = 30;
}
