namespace Balsam.Launcher.Scheduling;

/// <summary>A scheduler command failed; <see cref="Exception.Message"/> carries the scheduler's own words.</summary>
public class SchedulerException(string message, Exception? inner = null) : Exception(message, inner);
