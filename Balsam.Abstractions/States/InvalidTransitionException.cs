namespace Balsam.States;

/// <summary>A job was asked to move between two states the transition table does not connect.</summary>
[GenerateSerializer, Alias("balsam.InvalidTransitionException")]
public sealed class InvalidTransitionException : Exception
{
    public InvalidTransitionException(long jobId, JobState from, JobState to)
        : base($"Job {jobId} cannot move from {from.Name()} to {to.Name()}; from {from.Name()} it may move to " +
               $"{string.Join(", ", JobTransitions.Allowed.GetValueOrDefault(from, []).Select(s => s.Name()))}")
    {
        JobId = jobId;
        From = from;
        To = to;
    }

    [Id(0)] public long JobId { get; }

    [Id(1)] public JobState From { get; }

    [Id(2)] public JobState To { get; }
}
