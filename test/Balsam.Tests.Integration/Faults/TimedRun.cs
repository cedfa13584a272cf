namespace Balsam.Tests.Integration.Faults;

/// <summary>One run of a <see cref="FaultWorld.TimedMarkCommand"/> job, from its start line to its end line (null when it was killed).</summary>
internal sealed record TimedRun(long JobId, DateTimeOffset Start, DateTimeOffset? End);
