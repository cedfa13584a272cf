namespace Balsam.States;

/// <summary>The states of a job (SPEC §2). Stored and shown with their SPEC names, e.g. <c>JOB_FINISHED</c>.</summary>
[GenerateSerializer, Alias("balsam.JobState")]
public enum JobState
{
    Created = 0,
    AwaitingParents = 1,
    Ready = 2,
    StagedIn = 3,
    Preprocessed = 4,
    Running = 5,
    RunDone = 6,
    RunError = 7,
    RunTimeout = 8,
    RestartReady = 9,
    Postprocessed = 10,
    StagedOut = 11,
    JobFinished = 12,
    Failed = 13,
}
