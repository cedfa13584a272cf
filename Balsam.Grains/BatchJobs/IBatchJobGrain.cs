namespace Balsam.BatchJobs;

/// <summary>One batch job, keyed by its id: every change to it passes here, so the lifecycle rules hold under concurrency.</summary>
[Alias("balsam.IBatchJobGrain")]
public interface IBatchJobGrain : IGrainWithIntegerKey
{
    /// <summary>The batch job, or <see cref="Errors.ResourceNotFoundException"/>.</summary>
    [Alias("Get")]
    Task<BatchJobRecord> GetAsync();

    /// <summary>Applies a change by the site (or the user) under <see cref="BatchJobLifecycle"/>; returns the stored result.</summary>
    [Alias("Update")]
    Task<BatchJobRecord> UpdateAsync(BatchJobPatch patch);

    /// <summary>
    /// Asks for the allocation to end (<c>balsam queue rm</c>): a queued or running one becomes pending_deletion and the
    /// site deletes it from the scheduler (its running jobs reach RUN_TIMEOUT); one never submitted ends at once.
    /// A finished or failed one is left as it is.
    /// </summary>
    [Alias("RequestDeletion")]
    Task<BatchJobRecord> RequestDeletionAsync();

    /// <summary>Removes the record of a finished or failed batch job; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
