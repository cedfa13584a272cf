namespace Balsam.Launcher.Scheduling;

/// <summary>How plugins word a scheduler state they cannot map (the job is kept, its state left as it was).</summary>
public static class SchedulerStateText
{
    public const string UnknownSuffix = " (state not known to Balsam)";

    public static bool IsUnknown(string schedulerState) => schedulerState.EndsWith(UnknownSuffix, StringComparison.Ordinal);
}
