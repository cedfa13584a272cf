using Balsam.Sessions;

namespace Balsam.Jobs;

/// <summary>
/// The relational job tables (jobs, job_parents, job_events, transfer_items). Grains write single jobs through the
/// job grain storage; everything that spans many jobs (creation, queries, acquisition) comes through here.
/// </summary>
public interface IJobStore
{
    /// <summary>Inserts jobs in their initial states with their events, parents and transfer items, all or none.</summary>
    /// <exception cref="Errors.BalsamValidationException">A parent id does not exist.</exception>
    Task<IReadOnlyList<JobRecord>> InsertAsync(IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<JobRecord>> QueryAsync(JobQuery query, CancellationToken cancellationToken = default);

    Task<long> CountAsync(JobQuery query, CancellationToken cancellationToken = default);

    /// <summary>The node footprint of the matching jobs, summed in the database.</summary>
    Task<JobFootprint> FootprintAsync(JobQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<long>> QueryIdsAsync(JobQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<JobEvent>> EventsAsync(EventQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Transfers.TransferItemRecord>> TransferItemsAsync(Transfers.TransferItemQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies item changes, to items of jobs at <paramref name="withinSites"/> only (null: any site); returns the job id
    /// of each item changed.
    /// </summary>
    Task<IReadOnlyList<long>> UpdateTransferItemsAsync(
        IReadOnlyList<Transfers.TransferItemUpdate> updates, IReadOnlyList<long>? withinSites, CancellationToken cancellationToken = default);

    /// <summary>Children of a job that wait in AWAITING_PARENTS.</summary>
    Task<IReadOnlyList<long>> WaitingChildrenAsync(long parentId, CancellationToken cancellationToken = default);

    Task<bool> AllParentsFinishedAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Jobs in AWAITING_PARENTS whose parents have all finished (a promotion was missed, e.g. by a crash).</summary>
    Task<IReadOnlyList<long>> PromotableJobsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Leases matching unleased jobs of a site to a session in one transaction (SKIP LOCKED).</summary>
    Task<IReadOnlyList<JobRecord>> AcquireAsync(long sessionId, long siteId, AcquireRequest request, CancellationToken cancellationToken = default);

    /// <summary>Clears a session's leases on jobs that are not RUNNING; returns the RUNNING jobs it still holds.</summary>
    Task<IReadOnlyList<long>> ReleaseSessionAsync(long sessionId, CancellationToken cancellationToken = default);

    /// <summary>The session that holds the job's lease now, if any (the lease column, read from the table).</summary>
    Task<long?> LeaseHolderAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Every RUNNING job with the session that holds it (null when none does): the orphaned-run sweep checks them.</summary>
    Task<IReadOnlyList<(long JobId, long? SessionId)>> RunningLeasesAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="sessionId"/> already moved the job into one of <paramref name="states"/> (a resent report).</summary>
    Task<bool> ReportedAsync(long jobId, long sessionId, IReadOnlyList<States.JobState> states, CancellationToken cancellationToken = default);

    /// <summary>Deletes one job unless a session holds it; null when there was no such job.</summary>
    Task<bool?> DeleteAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every job of a site (or of one app of it), regardless of leases. Returns the count.</summary>
    Task<long> DeleteAllAsync(long siteId, string? appName, CancellationToken cancellationToken = default);
}
