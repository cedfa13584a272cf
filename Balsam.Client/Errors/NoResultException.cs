namespace Balsam.Client;

/// <summary>
/// A job has no result to give: it is not done yet, or it is a command app (only <c>Run</c> apps return values).
/// For command apps, await <c>job.WaitAsync()</c> and look at <c>job.State</c> and the files in its workdir.
/// </summary>
public sealed class NoResultException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="message">Why there is no result.</param>
    public NoResultException(long jobId, string message)
        : base(message)
    {
        JobId = jobId;
    }

    /// <summary>The job that has no result.</summary>
    public long JobId { get; }
}
