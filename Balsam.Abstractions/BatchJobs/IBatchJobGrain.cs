namespace Balsam.BatchJobs;

/// <summary>One batch job, keyed by its id: every change to it passes here, so the lifecycle rules hold under concurrency.</summary>
[Alias("balsam.IBatchJobGrain")]
public interface IBatchJobGrain : IGrainWithIntegerKey
{
    /// <summary>The batch job, or <see cref="Errors.ResourceNotFoundException"/>.</summary>
    [Alias("Get")]
    Task<BatchJobRecord> GetAsync();

    /// <summary>Applies a change by the site (or the user) under <see cref="States.BatchJobLifecycle"/>; returns the stored result.</summary>
    [Alias("Update")]
    Task<BatchJobRecord> UpdateAsync(BatchJobPatch patch);

    /// <summary>
    /// Asks for the allocation to end (<c>balsam queue rm</c>): one the site has not started to submit ends at once
    /// (finished); one being submitted, queued or running becomes pending_deletion and the site deletes it from the
    /// scheduler (its running jobs reach RUN_TIMEOUT). A finished or failed one is left as it is.
    /// </summary>
    [Alias("RequestDeletion")]
    Task<BatchJobRecord> RequestDeletionAsync();

    /// <summary>Removes the record of a finished or failed batch job; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
