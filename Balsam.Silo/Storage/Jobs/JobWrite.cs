using Balsam.Jobs;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>What happens to the session lease when a job row is written.</summary>
internal enum LeaseChange
{
    Keep = 0,
    Clear = 1,
    /// <summary>RUNNING under a session: set it when one is given, else keep the lease.</summary>
    Running = 2,
}

/// <summary>One job grain's write waiting for the next group commit.</summary>
internal sealed class JobWrite(
    JobRecord job, long expectedVersion, IReadOnlyList<JobEvent> events, bool releaseStageOut, LeaseChange lease, int batchSize = 1)
{
    public JobRecord Job { get; } = job;

    public long ExpectedVersion { get; } = expectedVersion;

    public IReadOnlyList<JobEvent> Events { get; } = events;

    public bool ReleaseStageOut { get; } = releaseStageOut;

    public LeaseChange Lease { get; } = lease;

    /// <summary>How many writes the report batch of this one makes (<see cref="ReportBatch"/>): worth waiting for.</summary>
    public int BatchSize { get; } = batchSize;

    /// <summary>
    /// Completes once the transaction holding this write has committed: the new version, and whether the job finished
    /// and has children (who may be waiting for it).
    /// </summary>
    public TaskCompletionSource<(long Version, bool FinishedWithChildren)> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
