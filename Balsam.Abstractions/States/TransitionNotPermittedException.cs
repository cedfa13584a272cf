namespace Balsam.States;

/// <summary>The transition table connects the two states, but not for the one who asked (SPEC §2; DESIGN §7).</summary>
[GenerateSerializer, Alias("balsam.TransitionNotPermittedException")]
public sealed class TransitionNotPermittedException : Exception
{
    public TransitionNotPermittedException(long jobId, JobState from, JobState to, JobActor actor)
        : base($"Job {jobId}: {Describe(actor)} may not move it from {from.Name()} to {to.Name()}; only " +
               $"{Describe(JobTransitions.WhoMay(from, to))} may")
    {
        JobId = jobId;
        From = from;
        To = to;
        Actor = actor;
    }

    [Id(0)] public long JobId { get; }

    [Id(1)] public JobState From { get; }

    [Id(2)] public JobState To { get; }

    [Id(3)] public JobActor Actor { get; }

    private static string Describe(JobActor actors) => actors == JobActor.None
        ? "nobody"
        : string.Join(" or ", Enum.GetValues<JobActor>().Where(a => a != JobActor.None && actors.HasFlag(a)).Select(a => a switch
        {
            JobActor.User => "a user",
            JobActor.Launcher => "a launcher session holding the job",
            JobActor.Processing => "the site's processing or transfer service",
            _ => "the service itself",
        }));
}
