using System.Collections.Concurrent;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.States;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Sites;

/// <summary>
/// Sends a session's job reports in batches (SPEC §5 "updates go out in batches"): everything reported since the last
/// flush goes to the service as one bulk update, each report naming the session that holds the job (the fence). A second
/// report of a job rides with the first as its follow-up (<see cref="JobPatch.Then"/>: a short job's RUNNING and its end
/// are one store write); a third waits for the next batch, so order is kept. Reports the service could not take for a passing
/// reason (it was away, its database was down) are kept and sent again; only refusals are dropped, and logged.
/// With a <paramref name="runningHold"/>, a RUNNING report waits up to that long for the run's end, so that a short job's
/// start and end travel as one report instead of two; its event keeps the time the run started.
/// With a <paramref name="batchWindow"/>, a batch goes at once when none went within the window, else when the window
/// since the last one is over: a lone report is not delayed, and a busy launcher's reports share a call and a commit.
/// </summary>
internal sealed class StatusReporter(
    IJobServiceGrain jobs, long sessionId, JobActor actor, ServiceOutage outage, ILogger logger, TimeSpan runningHold = default,
    TimeSpan batchWindow = default)
{
    private readonly ConcurrentQueue<(long Id, JobPatch Patch)> _pending = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<long, (JobPatch Patch, long DueMs)> _held = [];
    private Dictionary<long, JobPatch>? _unsent;
    private long _lastSentMs = long.MinValue / 2;

    public void Report(long jobId, JobPatch patch)
    {
        patch = patch with { SessionId = sessionId, Actor = actor };
        lock (_gate)
        {
            if (runningHold > TimeSpan.Zero && patch is { State: JobState.Running, Then: null })
            {
                _held[jobId] = (patch, Environment.TickCount64 + (long)runningHold.TotalMilliseconds);
                return;
            }

            if (_held.Remove(jobId, out var held))
            {
                patch = held.Patch.Followed(patch);
            }
        }

        _pending.Enqueue((jobId, patch));
    }

    /// <summary>Whether any report is still to be sent, held ones included.</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return !_pending.IsEmpty || _unsent is not null || _held.Count > 0;
            }
        }
    }

    /// <summary>Whether a flush now would send anything (a held report counts once its hold is over).</summary>
    public bool HasDue => _unsent is not null || NextDue() <= TimeSpan.Zero;

    /// <summary>
    /// How long until a flush would send something (zero or less: now): a report is due once any hold of it is over and
    /// the batch window since the last send has passed. Null when nothing is waiting, and while the service is away
    /// (the outage tracker decides when to try again; the launcher's poll brings it back to the flush).
    /// </summary>
    public TimeSpan? NextDue()
    {
        if (!outage.ShouldTry)
        {
            return null;
        }

        long contentDueMs;
        lock (_gate)
        {
            if (!_pending.IsEmpty)
            {
                contentDueMs = long.MinValue / 2;
            }
            else if (_held.Count > 0)
            {
                contentDueMs = _held.Values.Min(h => h.DueMs);
            }
            else
            {
                return null;
            }
        }

        var dueMs = Math.Max(contentDueMs, WindowEndMs);
        return TimeSpan.FromMilliseconds(Math.Max(dueMs - Environment.TickCount64, -1));
    }

    private long WindowEndMs => _lastSentMs + (long)batchWindow.TotalMilliseconds;

    /// <summary>Ends every hold: the next flush sends all held reports (the launcher is stopping).</summary>
    public void ReleaseHeld() => ReleaseHeld(long.MaxValue);

    private void ReleaseHeld(long dueBy)
    {
        lock (_gate)
        {
            if (_held.Count == 0)
            {
                return; // the usual case for every flush of a launcher without holds
            }

            foreach (var (id, held) in _held.Where(h => h.Value.DueMs <= dueBy).OrderBy(h => h.Value.DueMs).ToList())
            {
                _held.Remove(id);
                _pending.Enqueue((id, held.Patch));
            }
        }
    }

    /// <summary>Called for each report the service has taken (the launcher then forgets the job's exit record).</summary>
    public Action<long, JobPatch>? Delivered { get; init; }

    /// <summary>
    /// Sends everything reported so far (unless the batch window since the last send is still open and
    /// <paramref name="now"/> is false). When the service cannot be reached the batch is kept and sent first next time,
    /// so an outage delays reports but never loses them; past the outage tolerance <see cref="ServiceOutageException"/>.
    /// </summary>
    public async Task FlushAsync(bool now = false)
    {
        while (outage.ShouldTry)
        {
            ReleaseHeld(Environment.TickCount64);
            if ((_pending.IsEmpty && _unsent is null) || (!now && Environment.TickCount64 < WindowEndMs))
            {
                return;
            }

            _lastSentMs = Environment.TickCount64;

            var batch = _unsent ?? new Dictionary<long, JobPatch>();
            _unsent = null;
            // One flush at a time takes from the queue, so what was peeked is what is taken.
            while (_pending.TryPeek(out var next))
            {
                if (batch.TryGetValue(next.Id, out var earlier))
                {
                    if (earlier.Then is not null)
                    {
                        break; // a third report of the job waits for the next batch
                    }

                    batch[next.Id] = earlier.Followed(next.Patch);
                }
                else
                {
                    batch[next.Id] = next.Patch;
                }

                _pending.TryDequeue(out _);
            }

            BulkResult result;
            try
            {
                result = await jobs.UpdateEachAsync(batch);
            }
            catch (Exception e) when (TransientErrors.IsTransient(e))
            {
                _unsent = batch;
                outage.Failed(e);
                return;
            }

            outage.Succeeded();
            foreach (var (id, patch) in batch.Where(b => !result.Failures.ContainsKey(b.Key)))
            {
                foreach (var change in patch.Chain())
                {
                    Delivered?.Invoke(id, change);
                }
            }

            var again = (result.Transient ?? []).Where(batch.ContainsKey).ToList();
            foreach (var (id, reason) in result.Failures.Where(f => !again.Contains(f.Key)))
            {
                logger.LogWarning("Job {JobId}: the service refused a report: {Reason}", id, reason);
            }

            if (again.Count > 0)
            {
                _unsent = again.ToDictionary(id => id, id => batch[id]);
                outage.Failed(new BalsamTransientException($"{again.Count} reports could not be stored: {result.Failures[again[0]]}"));
                return;
            }
        }
    }
}
