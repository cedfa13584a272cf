using System.Text.Json;
using Balsam.Client.Futures;
using Balsam.Client.Serialization;
using Balsam.States;

namespace Balsam.Client.Jobs;

/// <summary>A job as a future: wait for it to be done and take its result.</summary>
public sealed partial class Job
{
    /// <summary>
    /// Waits until the job is done (<c>JOB_FINISHED</c> or <c>FAILED</c>); the service pushes the change, nothing polls.
    /// The job is then refreshed (unsaved changes are dropped).
    /// </summary>
    /// <param name="timeout">How long to wait; null waits as long as it takes.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>This job, done.</returns>
    /// <exception cref="TimeoutException">The job was not done within <paramref name="timeout"/>.</exception>
    /// <exception cref="DoesNotExistException">The job was deleted.</exception>
    public async Task<Job> WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        RequireSaved();
        if (IsDone && _stored?.State == State)
        {
            return this;
        }

        try
        {
            Apply(await Client.Watcher.WaitAsync(Id, timeout, cancellationToken));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Job {Id} ({AppName}, {Workdir}) was not done within {timeout}; it was {State.Name()}");
        }

        return this;
    }

    /// <summary>
    /// Waits for a <c>Run</c> app's job and returns what <c>Run</c> returned, or rethrows what it threw as a
    /// <see cref="BalsamJobFailedException"/>.
    /// <code>int sum = await job.ResultAsync&lt;int&gt;(TimeSpan.FromMinutes(5));</code>
    /// </summary>
    /// <typeparam name="T">The type of the value (read from JSON).</typeparam>
    /// <param name="timeout">How long to wait; null waits as long as it takes.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The value.</returns>
    /// <exception cref="TimeoutException">The job was not done within <paramref name="timeout"/>.</exception>
    /// <exception cref="BalsamJobFailedException">The app threw, or the job FAILED.</exception>
    /// <exception cref="NoResultException">The job finished without a value (a command app).</exception>
    public async Task<T?> ResultAsync<T>(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await WaitAsync(timeout, cancellationToken);
        return ResultNoWait<T>();
    }

    /// <summary>The result as last read, without waiting or asking the service.</summary>
    /// <typeparam name="T">The type of the value (read from JSON).</typeparam>
    /// <returns>The value.</returns>
    /// <exception cref="BalsamJobFailedException">The app threw, or the job FAILED.</exception>
    /// <exception cref="NoResultException">The job is not done, or finished without a value.</exception>
    public T? ResultNoWait<T>() => TryGetResult<T>(out var value)
        ? value
        : throw new NoResultException(Id, IsDone
            ? $"Job {Id} ({AppName}) finished without a return value: only Run apps return values"
            : $"Job {Id} ({AppName}) is not done: it is {State.Name()}");

    /// <summary>The result as last read, if there is one; a failed job throws.</summary>
    /// <typeparam name="T">The type of the value (read from JSON).</typeparam>
    /// <param name="value">The value, when the method returns true.</param>
    /// <returns>True when the job has a return value; false when it is not done or has none.</returns>
    /// <exception cref="BalsamJobFailedException">The app threw, or the job FAILED.</exception>
    public bool TryGetResult<T>(out T? value)
    {
        value = default;
        if (_stored is not { } stored || !IsDone)
        {
            return false;
        }

        if (stored.Exception is { Length: > 0 } exception)
        {
            throw RemoteFailure.FromException(stored, exception);
        }

        if (stored.State == JobState.Failed)
        {
            throw RemoteFailure.FromState(stored);
        }

        if (stored.ReturnValue is not { } json)
        {
            return false;
        }

        try
        {
            value = BalsamJson.FromLiteral<T>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidCastException($"Job {Id} returned {Abbreviate(json)}, which is not a {typeof(T).Name}: {e.Message}", e);
        }

        return true;
    }

    /// <summary>Asks the service whether the job is done (and refreshes it).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>True when the job is <c>JOB_FINISHED</c> or <c>FAILED</c>.</returns>
    public async Task<bool> IsDoneAsync(CancellationToken cancellationToken = default)
    {
        await RefreshAsync(cancellationToken);
        return IsDone;
    }

    private static string Abbreviate(string json) => json.Length <= 80 ? json : json[..77] + "...";
}
