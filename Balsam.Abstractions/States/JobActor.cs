namespace Balsam.States;

/// <summary>Who asks a job to move (a column of <see cref="JobTransitions"/>). Several may share one move.</summary>
[Flags]
[GenerateSerializer, Alias("balsam.JobActor")]
public enum JobActor
{
    /// <summary>Nobody: a move no caller may request.</summary>
    None = 0,

    /// <summary>A person or script through the SDK, the CLI or the REST API.</summary>
    User = 1,

    /// <summary>A launcher session that holds the job's lease (it runs the job).</summary>
    Launcher = 2,

    /// <summary>The site agent's processing and transfer services, through a session that holds the job's lease.</summary>
    Processing = 4,

    /// <summary>The service itself: parent promotion, session expiry. Never requested from outside.</summary>
    Server = 8,
}
