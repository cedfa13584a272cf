namespace Balsam.Launcher.Scheduling;

/// <summary>
/// A scheduler command ran past its time limit and was killed: whether it took effect (a submission accepted by the
/// controller just before) is unknown.
/// </summary>
public sealed class SchedulerTimeoutException(string message) : SchedulerException(message);
