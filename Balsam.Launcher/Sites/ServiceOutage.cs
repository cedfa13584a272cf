using Balsam.Errors;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Sites;

/// <summary>
/// How a site process rides out an unreachable service (a silo restart, a lost gateway, the database down): the first
/// transient failure logs one line, calls are tried again with back-off (1 s doubling to 5 s), one line says when the
/// service is back, and only an outage longer than the tolerance is given up on. Safe to share between the launcher's
/// loop and its background report flush, which record failures and answers at the same time.
/// </summary>
public sealed class ServiceOutage(TimeSpan tolerance, string who, ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);
    private DateTimeOffset? _since;
    private DateTimeOffset _nextTry;
    private TimeSpan _backoff = FirstRetry;
    private readonly Lock _gate = new();

    /// <summary>The service did not answer at the last try.</summary>
    public bool IsDown
    {
        get
        {
            lock (_gate)
            {
                return _since is not null;
            }
        }
    }

    /// <summary>Whether a call should be tried now (always while the service is up; on the back-off schedule while down).</summary>
    public bool ShouldTry
    {
        get
        {
            lock (_gate)
            {
                return _since is null || DateTimeOffset.UtcNow >= _nextTry;
            }
        }
    }

    /// <summary>
    /// Runs a call to the service. A transient failure is recorded (and false returned) unless the outage has lasted
    /// longer than the tolerance, when it is thrown as <see cref="ServiceOutageException"/>; a refusal is thrown as it is.
    /// </summary>
    public async Task<bool> TryAsync(Func<Task> call)
    {
        if (!ShouldTry)
        {
            return false;
        }

        try
        {
            await call();
        }
        catch (Exception e) when (TransientErrors.IsTransient(e))
        {
            Failed(e);
            return false;
        }

        Succeeded();
        return true;
    }

    /// <summary>Records a transient failure; throws when the outage has outlasted the tolerance.</summary>
    public void Failed(Exception error)
    {
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset since;
        lock (_gate)
        {
            if (_since is null)
            {
                _since = now;
                logger.LogWarning("The service is unavailable ({Error}); the {Who} keeps its running jobs and tries again for up to {Tolerance}",
                    error.Message, who, tolerance);
            }
            else
            {
                _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, LongestRetry.Ticks));
            }

            _nextTry = now + _backoff;
            since = _since.Value;
        }

        if (now - since > tolerance)
        {
            throw new ServiceOutageException($"The service has been unavailable for {(now - since).TotalSeconds:F0} s, longer than " +
                $"launcher.service_outage_tolerance_sec ({tolerance.TotalSeconds:F0} s): {error.Message}", error);
        }
    }

    /// <summary>Records an answer; logs once when it ends an outage.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            if (_since is { } since)
            {
                logger.LogWarning("The service is back after {Seconds:F1} s; the {Who} goes on", (DateTimeOffset.UtcNow - since).TotalSeconds, who);
            }

            _since = null;
            _backoff = FirstRetry;
        }
    }
}
