namespace Balsam.BatchJobs;

/// <summary>
/// Where a batch job (a pilot allocation) stands (SPEC §1). The site's scheduler service moves it on; see
/// <see cref="States.BatchJobLifecycle"/> for the rules.
/// </summary>
[GenerateSerializer, Alias("balsam.BatchJobState")]
public enum BatchJobState
{
    /// <summary>Created; the site's scheduler service has not submitted it yet.</summary>
    PendingSubmission,

    /// <summary>Submitted: waiting in the scheduler's queue.</summary>
    Queued,

    /// <summary>The allocation runs; its launchers take jobs.</summary>
    Running,

    /// <summary>Ended (ran out, or was deleted). Terminal.</summary>
    Finished,

    /// <summary>The site refused it or the scheduler did; <see cref="BatchJobRecord.StatusInfo"/> says why. Terminal.</summary>
    SubmitFailed,

    /// <summary>The user (or the elastic queue) asked to end it; the site deletes it from the scheduler.</summary>
    PendingDeletion,
}
