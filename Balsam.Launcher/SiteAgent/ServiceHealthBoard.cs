using Balsam.Sites;

namespace Balsam.Launcher.SiteAgent;

/// <summary>What each service of this agent last reported: a good cycle or an error. Sent with every heartbeat.</summary>
public sealed class ServiceHealthBoard
{
    private readonly Dictionary<string, SiteServiceHealth> _services = [];
    private readonly SemaphoreSlim _flipped = new(0);

    /// <summary>Starts reporting a service that should have a good cycle at least every <paramref name="period"/>.</summary>
    public void Register(string name, TimeSpan period)
    {
        lock (_services)
        {
            _services[name] = new SiteServiceHealth { Name = name, PeriodSec = period.TotalSeconds, LastOk = DateTimeOffset.UtcNow };
        }
    }

    public void Ok(string name) => Change(name, s => s with { LastOk = DateTimeOffset.UtcNow, Error = null, ErrorAt = null }, addIfMissing: false);

    /// <summary>Records an error; a name not registered (the agent's own supervision) is added, until the next <see cref="Clear"/>.</summary>
    public void Failed(string name, string error) =>
        Change(name, s => s with { Error = error, ErrorAt = s.Error is null ? DateTimeOffset.UtcNow : s.ErrorAt }, addIfMissing: true);

    /// <summary>Completes when a service starts or stops failing (the heartbeat then reports at once), or after <paramref name="timeout"/>.</summary>
    public async Task WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await _flipped.WaitAsync(timeout, cancellationToken))
        {
            while (_flipped.CurrentCount > 0 && _flipped.Wait(0))
            {
                // one report covers every flip so far
            }
        }
    }

    /// <summary>The services of the current settings only (a reload clears the board).</summary>
    public void Clear()
    {
        lock (_services)
        {
            _services.Clear();
        }
    }

    public List<SiteServiceHealth> Snapshot()
    {
        lock (_services)
        {
            return [.. _services.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
    }

    private void Change(string name, Func<SiteServiceHealth, SiteServiceHealth> change, bool addIfMissing)
    {
        lock (_services)
        {
            if (_services.GetValueOrDefault(name) is not { } current)
            {
                if (!addIfMissing)
                {
                    return;
                }

                current = new SiteServiceHealth { Name = name, PeriodSec = 60 };
            }

            var next = _services[name] = change(current);
            if ((current.Error is null) != (next.Error is null))
            {
                _flipped.Release();
            }
        }
    }
}
