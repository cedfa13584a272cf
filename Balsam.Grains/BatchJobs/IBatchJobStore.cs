namespace Balsam.BatchJobs;

/// <summary>The batch-job table: one row per batch job, queried by site, state, scheduler id, queue, tags and times.</summary>
public interface IBatchJobStore
{
    Task InsertAsync(BatchJobRecord record, CancellationToken cancellationToken = default);

    Task<BatchJobRecord?> GetAsync(long id, CancellationToken cancellationToken = default);

    Task UpdateAsync(BatchJobRecord record, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BatchJobRecord>> QueryAsync(BatchJobQuery query, CancellationToken cancellationToken = default);

    Task<long> CountAsync(BatchJobQuery query, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Deletes every batch job of a site (the site is being deleted).</summary>
    Task DeleteBySiteAsync(long siteId, CancellationToken cancellationToken = default);
}
