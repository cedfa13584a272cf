using Balsam.Apps;
using Balsam.Errors;
using Balsam.States;
using Balsam.Transfers;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Balsam.Jobs;

[GrainType("balsam-job")]
public sealed class JobGrain(
    [PersistentState("job", StorageNames.Jobs)] IPersistentState<JobGrainState> state,
    IJobStore store,
    Security.SiteOwners owners,
    ILogger<JobGrain> logger) : Grain, IJobGrain, Security.IOwnedGrain
{
    public const string AllParentsFinished = "All parents finished";

    private readonly ObserverManager<IJobObserver> _observers = new(ContractLimits.SubscriptionLifetime, logger);

    private long Id => this.GetPrimaryKeyLong();

    private JobRecord Job => state.State.Job ?? throw NotFound();

    public ValueTask<string?> OwnerAsync(Security.SiteOwners owners) =>
        state.State.Job is { } job ? owners.OwnerOfAsync(job.SiteId) : ValueTask.FromResult<string?>(null);

    public ResourceNotFoundException NotFound() => new("Job", Id.ToString());

    public Task<JobRecord> GetAsync() => Task.FromResult(Job);

    public async Task<JobRecord> UpdateAsync(JobPatch patch)
    {
        var job = Job;
        // A client's own call was checked by the silo's filter; a user's batch through the job service is checked here,
        // so that another user's job answers as a missing one.
        if (!await owners.IsVisibleAsync(job.SiteId))
        {
            throw NotFound();
        }

        JobFieldRules.CheckPatch(Id, patch);
        if (patch.SessionId is { } session && !await HoldsLeaseAsync(job, session))
        {
            // A chained report is recognised by its last change: the chain was stored whole or not at all.
            var last = patch.Chain().Last();
            if (last.State is { } resent && await store.ReportedAsync(Id, session, JobStateMachine.StoredAs(resent)))
            {
                return job; // the same report again: it was applied the first time
            }

            var holder = await store.LeaseHolderAsync(Id);
            logger.LogWarning("Job {JobId}: refused a report of session {SessionId}, which does not hold it (holder: {Holder})", Id, session, holder);
            throw new Sessions.LeaseNotHeldException(Id, session, holder);
        }

        var now = DateTimeOffset.UtcNow;
        TransitionResult? transition = null;
        foreach (var change in patch.Chain())
        {
            (job, var step) = await ApplyAsync(job, change, now);
            transition = Merged(transition, step);
        }

        return await SaveAsync(job, transition, now);
    }

    /// <summary>One change of a patch applied to the job in memory: the job as changed, and the transition (if any).</summary>
    private async Task<(JobRecord Job, TransitionResult? Transition)> ApplyAsync(JobRecord job, JobPatch patch, DateTimeOffset now)
    {
        var data = patch.SessionId is { } reporter ? JobStateMachine.WithSession(patch.StateData, reporter) : patch.StateData;
        var transition = patch.State is { } requested
            ? JobStateMachine.Apply(Id, job.State, requested, data, patch.StateTimestamp ?? now, await ContextAsync(job, requested),
                patch.EffectiveActor)
            : null;

        var updated = job with
        {
            Tags = patch.Tags ?? job.Tags,
            Data = patch.Data ?? job.Data,
            Resources = patch.Resources ?? job.Resources,
            ReturnCode = patch.ReturnCode ?? (patch.Clear.HasFlag(JobClearableFields.ReturnCode) ? null : job.ReturnCode),
            BatchJobId = patch.BatchJobId ?? (patch.Clear.HasFlag(JobClearableFields.BatchJobId) ? null : job.BatchJobId),
            PendingFileCleanup = patch.PendingFileCleanup ?? job.PendingFileCleanup,
            ReturnValue = patch.ReturnValue ?? job.ReturnValue,
            Exception = patch.Exception ?? job.Exception,
            SessionId = patch.SessionId ?? job.SessionId,
        };
        if (transition is { Changed: true })
        {
            updated = updated with { State = transition.State, StateData = transition.LastData };
        }

        return (updated, transition);
    }

    /// <summary>Two transitions of one write as one: every event in order, the last state.</summary>
    private static TransitionResult? Merged(TransitionResult? first, TransitionResult? second) =>
        first is not { Changed: true } ? second
        : second is not { Changed: true } ? first
        : new TransitionResult(second.State, [.. first.Events, .. second.Events], first.ReleaseStageOut || second.ReleaseStageOut);

    public async Task ParentFinishedAsync()
    {
        if (state.State.Job is not { State: JobState.AwaitingParents } job || !await store.AllParentsFinishedAsync(Id))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var transition = JobStateMachine.Apply(Id, job.State, JobState.Ready, JobStateMachine.WithMessage(null, AllParentsFinished),
            now, await ContextAsync(job, JobState.Ready), JobActor.Server);
        await SaveAsync(job, transition, now);
    }

    public async Task TransfersChangedAsync()
    {
        if (state.State.Job is not { } job)
        {
            return;
        }

        var items = await store.TransferItemsAsync(new TransferItemQuery { JobIds = [Id] });
        job = job with
        {
            PendingStageIn = items.Count(i => i.Direction == TransferDirection.In && i.State != TransferItemState.Done),
            PendingStageOut = items.Count(i => i.Direction == TransferDirection.Out && i.State != TransferItemState.Done),
        };
        // The counts are read with the row; keeping them fresh here lets a later READY or POSTPROCESSED skip what is done.
        state.State.Job = job;
        var waitsFor = job.State switch
        {
            JobState.Ready or JobState.AwaitingParents => TransferDirection.In,
            JobState.Postprocessed => TransferDirection.Out,
            _ => (TransferDirection?)null,
        };
        if (waitsFor is not { } direction)
        {
            return;
        }

        var failed = items.FirstOrDefault(i => i.Direction == direction && i.State == TransferItemState.Error);
        var pending = direction == TransferDirection.In ? job.PendingStageIn : job.PendingStageOut;
        JobState? next = failed is not null ? JobState.Failed
            : pending > 0 || job.State == JobState.AwaitingParents ? null
            : direction == TransferDirection.In ? JobState.StagedIn : JobState.StagedOut;
        if (next is not { } to)
        {
            return;
        }

        var message = failed is null
            ? (direction == TransferDirection.In ? "Stage in done" : "Stage out done")
            : $"Stage {(direction == TransferDirection.In ? "in" : "out")} of slot '{failed.Slot}' failed: {TransferError(failed)}";
        var now = DateTimeOffset.UtcNow;
        var actor = job.State == JobState.AwaitingParents ? JobActor.Server : JobActor.Processing;
        var transition = JobStateMachine.Apply(Id, job.State, to, JobStateMachine.WithMessage(null, message), now,
            await ContextAsync(job, to), actor);
        await SaveAsync(job, transition, now);
    }

    private static string TransferError(TransferItemRecord item)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(item.TransferInfo)?["error"]?.ToString() ?? item.TransferInfo;
        }
        catch (System.Text.Json.JsonException)
        {
            return item.TransferInfo;
        }
    }

    public async Task TimeOutAsync(long sessionId, string message)
    {
        if (state.State.Job is not { State: JobState.Running } job)
        {
            return;
        }

        // The lease column is the truth (a crash may have left it apart from what this activation remembers).
        if (job.SessionId != sessionId && await store.LeaseHolderAsync(Id) is { } holder && holder != sessionId)
        {
            logger.LogWarning("Job {JobId}: session {SessionId} ended, but session {Holder} runs the job; it stays RUNNING", Id, sessionId, holder);
            return;
        }

        var now = DateTimeOffset.UtcNow;
        // Not recorded as the session's own report: a late RUN_TIMEOUT from that session is refused, not taken for a resend.
        var transition = JobStateMachine.Apply(Id, job.State, JobState.RunTimeout, JobStateMachine.WithMessage(null, message), now, default,
            JobActor.Server);
        await SaveAsync(job, transition, now);
        logger.LogInformation("Job {JobId} timed out: session {SessionId} ended ({Message})", Id, sessionId, message);
    }

    public Task<JobRecord> SubscribeAsync(IJobObserver observer)
    {
        var job = Job;
        _observers.Subscribe(observer, observer);
        return Task.FromResult(job);
    }

    public Task UnsubscribeAsync(IJobObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<bool> DeleteAsync()
    {
        _ = Job;
        var deleted = await store.DeleteAsync(Id);
        if (deleted == false)
        {
            return false;
        }

        state.State.Job = null;
        DeactivateOnIdle();
        return true;
    }

    private async Task<JobRecord> SaveAsync(JobRecord job, TransitionResult? transition, DateTimeOffset now)
    {
        if (transition is { Changed: true })
        {
            job = job with
            {
                State = transition.State,
                StateData = transition.LastData,
                SessionId = transition.State == JobState.Running ? job.SessionId : null,
            };
            state.State.PendingEvents = [.. transition.Events];
            state.State.ReleaseStageOut = transition.ReleaseStageOut;
        }

        var before = state.State.Job;
        state.State.Job = job with { LastUpdate = now };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing was stored: forget the change and read the row afresh on the next call.
            state.State.Job = before;
            state.State.PendingEvents = [];
            DeactivateOnIdle();
            throw;
        }

        if (transition is { Changed: true } && (JobStateNames.Runnable.Contains(transition.State) || JobStateNames.Processable.Contains(transition.State)))
        {
            GrainFactory.GetGrain<Sites.ISiteGrain>(job.SiteId).NotifyRunnableAsync().Ignore();
        }

        if (transition is { Changed: true } && _observers.Count > 0)
        {
            var changed = state.State.Job;
            _observers.Notify(observer => observer.OnJobChanged(changed));
        }
        if (transition is { Changed: true, State: JobState.JobFinished } && state.State.FinishedWithChildren)
        {
            await NotifyChildrenAsync();
        }

        return state.State.Job;
    }

    private async Task NotifyChildrenAsync()
    {
        var children = await store.WaitingChildrenAsync(Id);
        try
        {
            await Task.WhenAll(children.Select(child => GrainFactory.GetGrain<IJobGrain>(child).ParentFinishedAsync()));
        }
        catch (Exception e)
        {
            // The periodic promotion sweep moves on any child missed here.
            logger.LogWarning(e, "Job {JobId} finished but not all of its {Count} children were told", Id, children.Count);
        }
    }

    /// <summary>The grain knows the lease it wrote; anything else (a fresh acquisition) is read from the lease column.</summary>
    private async Task<bool> HoldsLeaseAsync(JobRecord job, long sessionId) =>
        job.SessionId == sessionId || await store.LeaseHolderAsync(Id) == sessionId;

    /// <summary>
    /// The app's hooks matter only where the server may skip a default hook. They were recorded with the job when it
    /// was created; only jobs stored before that was done ask their app.
    /// </summary>
    private async Task<TransitionContext> ContextAsync(JobRecord job, JobState requested)
    {
        var hooks = job.Hooks ?? AppHooks.None;
        if (job.Hooks is null && requested is JobState.Ready or JobState.StagedIn or JobState.RunDone)
        {
            var app = await GrainFactory.GetGrain<IAppGrain>(AppKey.For(job.SiteId, job.AppName)).FindAsync();
            hooks = app?.Definition.OverriddenHooks ?? AppHooks.None;
        }

        return new TransitionContext(job.PendingStageIn, job.PendingStageOut, hooks);
    }
}
