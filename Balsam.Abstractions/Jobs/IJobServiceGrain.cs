namespace Balsam.Jobs;

/// <summary>Operations over many jobs: bulk create, queries, bulk update and delete, events. A stateless worker.</summary>
[Alias("balsam.IJobServiceGrain")]
public interface IJobServiceGrain : IGrainWithIntegerKey
{
    /// <summary>Creates every job or none (at most <see cref="ContractLimits.MaxBulkCreate"/> per call).</summary>
    [Alias("Create")]
    [Balsam.Errors.NotIdempotent]
    Task<IReadOnlyList<JobRecord>> CreateAsync(IReadOnlyList<JobSpec> jobs);

    [Alias("Query")]
    Task<IReadOnlyList<JobRecord>> QueryAsync(JobQuery query);

    [Alias("Count")]
    Task<long> CountAsync(JobQuery query);

    /// <summary>The node footprint of the matching jobs (the elastic queue sizes batch jobs with it).</summary>
    [Alias("Footprint")]
    Task<JobFootprint> FootprintAsync(JobQuery query);

    /// <summary>Applies one change to every matching job, each through its own grain.</summary>
    [Alias("UpdateWhere")]
    Task<BulkResult> UpdateAsync(JobQuery query, JobPatch patch);

    /// <summary>Applies a different change to each job (SPEC bulk_update), each through its own grain, in one call.</summary>
    [Alias("UpdateEach")]
    Task<BulkResult> UpdateEachAsync(IReadOnlyDictionary<long, JobPatch> patches);

    /// <summary>Deletes every matching job that no session holds.</summary>
    [Alias("DeleteWhere")]
    Task<BulkResult> DeleteAsync(JobQuery query);

    [Alias("Events")]
    Task<IReadOnlyList<JobEvent>> EventsAsync(EventQuery query);

    [Alias("TransferItems")]
    Task<IReadOnlyList<Transfers.TransferItemRecord>> TransferItemsAsync(Transfers.TransferItemQuery query);

    /// <summary>
    /// Records the transfer service's item changes (at most <see cref="ContractLimits.MaxBulkCreate"/> per call), then lets
    /// each affected job move on (SPEC §2: READY -> STAGED_IN, POSTPROCESSED -> STAGED_OUT; an item in error fails the job).
    /// Returns how many items changed.
    /// </summary>
    [Alias("UpdateTransferItems")]
    Task<int> UpdateTransferItemsAsync(IReadOnlyList<Transfers.TransferItemUpdate> updates);
}
