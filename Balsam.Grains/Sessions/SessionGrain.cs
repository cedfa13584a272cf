using Balsam.BatchJobs;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Balsam.Sessions;

/// <summary>
/// Checks its own heartbeat with a grain timer while active; a one-minute reminder wakes it after a silo restart
/// so that an abandoned session is still swept.
/// </summary>
[GrainType("balsam-session")]
public sealed class SessionGrain(
    [PersistentState("session", StorageNames.Catalogue)] IPersistentState<SessionState> state,
    IJobStore store,
    IOptions<SessionExpiryOptions> options,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IRemindable, Security.IOwnedGrain
{
    private const string ExpiryReminder = "expiry";
    private IGrainTimer? _sweepTimer;

    // After a silo start the session gets a full expiry period from its activation: the service being down is not a
    // launcher going silent.
    private readonly DateTimeOffset _activatedAt = DateTimeOffset.UtcNow;

    /// <summary>When this activation last stored the heartbeat (never, after an activation).</summary>
    private DateTimeOffset _heartbeatStored = DateTimeOffset.MinValue;

    private long Id => this.GetPrimaryKeyLong();

    private SessionInfo Session => state.State.Session ?? throw NotFound();

    public ValueTask<string?> OwnerAsync(Security.SiteOwners owners) =>
        state.State.Session is { } session ? owners.OwnerOfAsync(session.SiteId) : ValueTask.FromResult<string?>(null);

    public ResourceNotFoundException NotFound() => new("Session", Id.ToString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Session is not null)
        {
            StartSweepTimer();
        }

        return Task.CompletedTask;
    }

    public async Task<SessionInfo> OpenAsync(long siteId, long? batchJobId)
    {
        if (state.State.Session is not null)
        {
            throw new InvalidOperationException($"Session {Id} is already open");
        }

        state.State.Session = new SessionInfo(Id, siteId, batchJobId, DateTimeOffset.UtcNow);
        await state.WriteStateAsync();
        _heartbeatStored = state.State.Session.Heartbeat;
        await this.RegisterOrUpdateReminder(ExpiryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartSweepTimer();
        return state.State.Session;
    }

    public Task<SessionInfo> GetAsync() => Task.FromResult(Session);

    public async Task<IReadOnlyList<JobRecord>> AcquireAsync(AcquireRequest request)
    {
        var session = Session;
        var errors = new ValidationCollector("acquire request");
        errors.Require(request.MaxJobs is >= 1 and <= AcquireRequest.MaxJobsLimit, "max_num_jobs", $"must be 1 to {AcquireRequest.MaxJobsLimit}");
        errors.Require(request.MaxAggregateNodes is null or > 0, "max_aggregate_nodes", "must be positive");
        errors.Require(request.MaxNodesPerJob is null or > 0, "max_nodes_per_job", "must be positive");
        errors.ThrowIfAny();

        await HeartbeatAsync(session);
        return await store.AcquireAsync(Id, session.SiteId, request);
    }

    public Task TickAsync() => HeartbeatAsync(Session);

    public async Task CloseAsync()
    {
        if (state.State.Session is not null)
        {
            await EndAsync(SessionExpiryOptions.ClosedMessage);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Session is null)
        {
            await UnregisterReminderAsync();
            return;
        }

        await SweepAsync();
    }

    private async Task SweepAsync()
    {
        if (state.State.Session is not { } session)
        {
            return;
        }

        var lastSign = session.Heartbeat > _activatedAt ? session.Heartbeat : _activatedAt;
        if (DateTimeOffset.UtcNow - lastSign > options.Value.Expiry)
        {
            logger.LogWarning("Session {SessionId} of site {SiteId} expired (last heartbeat {Heartbeat:O})", Id, session.SiteId, session.Heartbeat);
            await EndAsync(SessionExpiryOptions.ExpiredMessage);
        }
        else if (session.BatchJobId is { } batchJobId && await BatchJobEndedAsync(batchJobId))
        {
            logger.LogWarning("Session {SessionId} of site {SiteId} ended with its batch job {BatchJobId}", Id, session.SiteId, batchJobId);
            await EndAsync(SessionExpiryOptions.BatchJobEndedMessage);
        }
    }

    private async Task<bool> BatchJobEndedAsync(long batchJobId)
    {
        try
        {
            return (await GrainFactory.GetGrain<IBatchJobGrain>(batchJobId).GetAsync()).State.IsTerminal();
        }
        catch (ResourceNotFoundException)
        {
            return false;
        }
    }

    private async Task EndAsync(string message)
    {
        var siteId = Session.SiteId;
        var running = await store.ReleaseSessionAsync(Id);
        await Task.WhenAll(running.Select(job => GrainFactory.GetGrain<IJobGrain>(job).TimeOutAsync(Id, message)));
        await state.ClearStateAsync();
        state.State.Session = null;
        await GrainFactory.GetGrain<Sites.ISiteGrain>(siteId).SessionEndedAsync(Id); // one-way: the site's list only
        _sweepTimer?.Dispose();
        _sweepTimer = null;
        await UnregisterReminderAsync();
        DeactivateOnIdle();
    }

    /// <summary>
    /// The sweep reads the heartbeat in memory, and after a silo restart counts from the new activation, so the stored
    /// heartbeat only has to be roughly current: it is written at most every tenth of the expiry (30 s by default), and
    /// an acquire or a tick in between costs no write.
    /// </summary>
    private async Task HeartbeatAsync(SessionInfo session)
    {
        var now = DateTimeOffset.UtcNow;
        state.State.Session = session with { Heartbeat = now };
        if (now - _heartbeatStored < options.Value.Expiry / 10)
        {
            return;
        }

        await state.WriteStateAsync();
        _heartbeatStored = now;
    }

    private void StartSweepTimer()
    {
        var period = options.Value.SweepPeriod;
        _sweepTimer ??= this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private async Task UnregisterReminderAsync()
    {
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
