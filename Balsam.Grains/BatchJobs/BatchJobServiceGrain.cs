using Balsam.Errors;
using Balsam.Ids;
using Balsam.Sites;
using Orleans.Concurrency;

namespace Balsam.BatchJobs;

[StatelessWorker]
[GrainType("balsam-batch-job-service")]
public sealed class BatchJobServiceGrain(IBatchJobStore store, IIdGenerator ids) : Grain, IBatchJobServiceGrain
{
    public async Task<BatchJobRecord> CreateAsync(BatchJobSpec spec)
    {
        var site = await GrainFactory.GetGrain<ISiteGrain>(spec.SiteId).FindAsync()
            ?? throw new BalsamValidationException("batch job", "site", $"site {spec.SiteId} does not exist");
        BatchJobValidator.Validate(spec, site);

        var now = DateTimeOffset.UtcNow;
        var record = new BatchJobRecord
        {
            Id = await ids.NextAsync(IdKind.BatchJob),
            SiteId = spec.SiteId,
            Project = spec.Project,
            Queue = spec.Queue,
            NumNodes = spec.NumNodes,
            WallTimeMin = spec.WallTimeMin,
            JobMode = spec.JobMode,
            OptionalParams = new(spec.OptionalParams),
            // The site's own filter tags are on every batch job of it: its agent submits only those.
            FilterTags = site.Settings.FilterTags.Concat(spec.FilterTags).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            Partitions = [.. spec.Partitions],
            State = BatchJobState.PendingSubmission,
            CreatedAt = now,
            LastUpdate = now,
        };
        await store.InsertAsync(record);
        await GrainFactory.GetGrain<ISiteGrain>(spec.SiteId).NotifyBatchJobsChangedAsync();
        return record;
    }

    public Task<IReadOnlyList<BatchJobRecord>> QueryAsync(BatchJobQuery query)
    {
        Check(query);
        return store.QueryAsync(query);
    }

    public Task<long> CountAsync(BatchJobQuery query)
    {
        Check(query);
        return store.CountAsync(query);
    }

    private static void Check(BatchJobQuery query)
    {
        var errors = new Validation.ValidationCollector("batch job query");
        errors.Require(query.Limit is null or (>= 0 and <= BatchJobQuery.MaxPageSize), "limit", $"must be 0 to {BatchJobQuery.MaxPageSize}");
        errors.Require(query.Offset >= 0, "offset", "must not be negative");
        errors.ThrowIfAny();
    }
}
