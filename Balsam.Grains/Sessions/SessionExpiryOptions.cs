namespace Balsam.Sessions;

/// <summary>Session expiry (SPEC §3: no heartbeat for 5 minutes; swept about once a minute).</summary>
public sealed class SessionExpiryOptions
{
    public TimeSpan Expiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an active session checks its own heartbeat.</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(1);

    public const string ExpiredMessage = "Session expired: job was stuck in RUNNING state";

    public const string BatchJobEndedMessage = "The batch job of the session ended while the job was RUNNING";

    public const string ClosedMessage = "Session closed while the job was RUNNING";
}
