using Balsam.Jobs;

namespace Balsam.States;

/// <summary>The outcome of one requested transition: the state stored, every event written, and side effects.</summary>
public sealed record TransitionResult(JobState State, IReadOnlyList<JobEvent> Events, bool ReleaseStageOut)
{
    public bool Changed => Events.Count > 0;

    public string LastData => Events.Count > 0 ? Events[^1].Data : "{}";
}
