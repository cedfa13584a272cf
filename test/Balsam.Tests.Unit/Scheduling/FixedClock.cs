namespace Balsam.Tests.Unit.Scheduling;

/// <summary>A clock pinned at one instant.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
