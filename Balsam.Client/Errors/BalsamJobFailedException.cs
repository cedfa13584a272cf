using Balsam.States;

namespace Balsam.Client;

/// <summary>
/// A job did not produce its result: its <c>Run</c> method threw (<see cref="RemoteType"/>, <see cref="RemoteMessage"/>
/// and <see cref="RemoteStackTrace"/> describe the exception at the site), or the job ended <c>FAILED</c>
/// (<see cref="StateData"/> holds what the site recorded, e.g. the tail of the output).
/// <code>
/// try { int sum = await job.ResultAsync&lt;int&gt;(); }
/// catch (BalsamJobFailedException e) when (e.RemoteType == "System.DivideByZeroException") { ... }
/// </code>
/// </summary>
public sealed class BalsamJobFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="appName">The job's app.</param>
    /// <param name="state">The job's state when it failed.</param>
    /// <param name="stateData">The data of the job's last state change (a JSON object).</param>
    /// <param name="remoteType">The type of the exception the app threw at the site, if any.</param>
    /// <param name="remoteMessage">Its message.</param>
    /// <param name="remoteStackTrace">Its stack trace at the site.</param>
    public BalsamJobFailedException(string message, long jobId, string appName, JobState state, string stateData,
        string? remoteType = null, string? remoteMessage = null, string? remoteStackTrace = null)
        : base(message)
    {
        JobId = jobId;
        AppName = appName;
        State = state;
        StateData = stateData;
        RemoteType = remoteType;
        RemoteMessage = remoteMessage;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The job that failed.</summary>
    public long JobId { get; }

    /// <summary>The job's app.</summary>
    public string AppName { get; }

    /// <summary>The job's state: <see cref="JobState.Failed"/>, or <see cref="JobState.JobFinished"/> when a <c>Run</c> app threw and its error hook let the job finish.</summary>
    public JobState State { get; }

    /// <summary>The data of the job's last state change, a JSON object (for example <c>{"message": "..."}</c>).</summary>
    public string StateData { get; }

    /// <summary>The full type name of the exception the app threw at the site, or null when the job failed without one.</summary>
    public string? RemoteType { get; }

    /// <summary>The message of the exception the app threw at the site, or null.</summary>
    public string? RemoteMessage { get; }

    /// <summary>The stack trace of the exception the app threw at the site, or null.</summary>
    public string? RemoteStackTrace { get; }
}
