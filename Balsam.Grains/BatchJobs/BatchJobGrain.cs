using Balsam.Errors;
using Balsam.Sites;
using Balsam.States;

namespace Balsam.BatchJobs;

/// <summary>Reads its row on activation and writes every accepted change straight through to the batch-job table.</summary>
[GrainType("balsam-batch-job")]
public sealed class BatchJobGrain(IBatchJobStore store) : Grain, IBatchJobGrain, Security.IOwnedGrain
{
    private BatchJobRecord? _record;

    private long Id => this.GetPrimaryKeyLong();

    private BatchJobRecord Record => _record ?? throw NotFound();

    public ValueTask<string?> OwnerAsync(Security.SiteOwners owners) =>
        _record is { } record ? owners.OwnerOfAsync(record.SiteId) : ValueTask.FromResult<string?>(null);

    public ResourceNotFoundException NotFound() => new("BatchJob", Id.ToString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _record = await store.GetAsync(Id, cancellationToken);

    public Task<BatchJobRecord> GetAsync() => Task.FromResult(Record);

    public async Task<BatchJobRecord> UpdateAsync(BatchJobPatch patch)
    {
        var updated = BatchJobLifecycle.Apply(Record, patch, DateTimeOffset.UtcNow);
        await store.UpdateAsync(updated);
        var wasDeletion = _record!.State != BatchJobState.PendingDeletion && updated.State == BatchJobState.PendingDeletion;
        _record = updated;
        if (wasDeletion)
        {
            await GrainFactory.GetGrain<ISiteGrain>(updated.SiteId).NotifyBatchJobsChangedAsync();
        }

        return updated;
    }

    public Task<BatchJobRecord> RequestDeletionAsync() => UpdateAsync(BatchJobLifecycle.DeletionRequest(Record, DateTimeOffset.UtcNow));

    public async Task<bool> DeleteAsync()
    {
        if (_record is null)
        {
            return false;
        }

        if (!_record.State.IsTerminal())
        {
            throw new BalsamValidationException($"batch job {Id}", "state",
                $"is {_record.State.Name()}: only a finished or submit_failed batch job can be removed (end it first with queue rm)");
        }

        var deleted = await store.DeleteAsync(Id);
        _record = null;
        DeactivateOnIdle();
        return deleted;
    }
}
