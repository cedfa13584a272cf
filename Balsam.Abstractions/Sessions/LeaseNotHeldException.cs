namespace Balsam.Sessions;

/// <summary>
/// A report came from a session that does not hold the job (its lease expired, or another session took the job over):
/// the job is left as it is (DESIGN §7, leases are fences). A refusal, not a transient error: do not retry it.
/// </summary>
[GenerateSerializer, Alias("balsam.LeaseNotHeldException")]
public sealed class LeaseNotHeldException : Exception
{
    public LeaseNotHeldException(long jobId, long sessionId, long? holder)
        : base($"Job {jobId}: session {sessionId} does not hold it ({(holder is { } h ? $"session {h} does" : "no session does")}); " +
               "the report was ignored")
    {
        JobId = jobId;
        SessionId = sessionId;
        Holder = holder;
    }

    [Id(0)] public long JobId { get; }

    [Id(1)] public long SessionId { get; }

    [Id(2)] public long? Holder { get; }
}
