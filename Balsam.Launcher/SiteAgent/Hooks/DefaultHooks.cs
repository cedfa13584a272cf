using Balsam.States;

namespace Balsam.Launcher.SiteAgent.Hooks;

/// <summary>What the processing service does for a job whose app keeps a hook's default (SPEC §4 Processing).</summary>
public static class DefaultHooks
{
    /// <summary>The state a default hook moves a job to from <paramref name="state"/>, or null for a state no hook handles.</summary>
    public static JobState? NextState(JobState state) => state switch
    {
        JobState.StagedIn => JobState.Preprocessed,   // preprocess
        JobState.RunDone => JobState.Postprocessed,   // postprocess
        JobState.RunError => JobState.Failed,         // handle_error
        JobState.RunTimeout => JobState.RestartReady, // handle_timeout
        _ => null,
    };

    /// <summary>The hook that handles a state, as the app declares it.</summary>
    public static Apps.AppHooks? HookFor(JobState state) => state switch
    {
        JobState.StagedIn => Apps.AppHooks.Preprocess,
        JobState.RunDone => Apps.AppHooks.Postprocess,
        JobState.RunError => Apps.AppHooks.HandleError,
        JobState.RunTimeout => Apps.AppHooks.HandleTimeout,
        _ => null,
    };
}
