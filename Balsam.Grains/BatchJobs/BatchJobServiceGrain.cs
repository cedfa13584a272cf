using Balsam.Errors;
using Balsam.Ids;
using Balsam.Sites;
using Orleans.Concurrency;

namespace Balsam.BatchJobs;

/// <summary>Creates and lists batch jobs; a user's call sees only batch jobs of the user's own sites.</summary>
[StatelessWorker]
[GrainType("balsam-batch-job-service")]
public sealed class BatchJobServiceGrain(IBatchJobStore store, IIdGenerator ids, Security.SiteOwners owners) : Grain, IBatchJobServiceGrain
{
    public async Task<BatchJobRecord> CreateAsync(BatchJobSpec spec)
    {
        var site = (await owners.IsVisibleAsync(spec.SiteId) ? await GrainFactory.GetGrain<ISiteGrain>(spec.SiteId).FindAsync() : null)
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

    public async Task<IReadOnlyList<BatchJobRecord>> QueryAsync(BatchJobQuery query)
    {
        Check(query);
        return await store.QueryAsync(query with { SiteIds = await owners.VisibleAsync(query.SiteIds) });
    }

    public async Task<long> CountAsync(BatchJobQuery query)
    {
        Check(query);
        return await store.CountAsync(query with { SiteIds = await owners.VisibleAsync(query.SiteIds) });
    }

    private static void Check(BatchJobQuery query)
    {
        var errors = new Validation.ValidationCollector("batch job query");
        errors.Require(query.Limit is null or (>= 0 and <= BatchJobQuery.MaxPageSize), "limit", $"must be 0 to {BatchJobQuery.MaxPageSize}");
        errors.Require(query.Offset >= 0, "offset", "must not be negative");
        errors.ThrowIfAny();
    }
}
