namespace Balsam.Jobs;

/// <summary>One job, keyed by its id: the single writer of its row and its state machine.</summary>
[Alias("balsam.IJobGrain")]
public interface IJobGrain : IGrainWithIntegerKey
{
    /// <summary>The job, or <see cref="Errors.ResourceNotFoundException"/>.</summary>
    [Alias("Get")]
    Task<JobRecord> GetAsync();

    /// <summary>Applies a change; a state change must be allowed by <see cref="States.JobTransitions"/>.</summary>
    [Alias("Update")]
    Task<JobRecord> UpdateAsync(JobPatch patch);

    /// <summary>A parent reached JOB_FINISHED: moves on if every parent has.</summary>
    [Alias("ParentFinished")]
    [Auth.ServiceInternal]
    Task ParentFinishedAsync();

    /// <summary>
    /// Its transfer items changed: READY moves on when every stage-in is done, POSTPROCESSED when every stage-out is;
    /// an item in error in the direction the job waits for fails it with the provider's message.
    /// </summary>
    [Alias("TransfersChanged")]
    Task TransfersChangedAsync();

    /// <summary>The session running the job ended without reporting: RUNNING becomes RUN_TIMEOUT.</summary>
    [Alias("TimeOut")]
    Task TimeOutAsync(long sessionId, string message);

    /// <summary>
    /// Pushes every state change of this job to the observer until <see cref="ContractLimits.SubscriptionLifetime"/> passes
    /// without a renewal. Returns the job as it is now, so nothing that happened before the subscription is missed.
    /// </summary>
    [Alias("Subscribe")]
    Task<JobRecord> SubscribeAsync(IJobObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IJobObserver observer);

    /// <summary>Deletes the job with its events and transfer items; false when a session holds it.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
