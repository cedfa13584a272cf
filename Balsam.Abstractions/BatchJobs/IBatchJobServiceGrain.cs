namespace Balsam.BatchJobs;

/// <summary>Creates and lists batch jobs. A stateless worker, key 0.</summary>
[Alias("balsam.IBatchJobServiceGrain")]
public interface IBatchJobServiceGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Creates a batch job after checking it against its site (allowed queues and their limits, allowed projects,
    /// optional parameters, partitions adding up); every broken rule is named in one <see cref="Errors.BalsamValidationException"/>.
    /// </summary>
    [Alias("Create")]
    [Balsam.Errors.NotIdempotent]
    Task<BatchJobRecord> CreateAsync(BatchJobSpec spec);

    [Alias("Query")]
    Task<IReadOnlyList<BatchJobRecord>> QueryAsync(BatchJobQuery query);

    [Alias("Count")]
    Task<long> CountAsync(BatchJobQuery query);
}
