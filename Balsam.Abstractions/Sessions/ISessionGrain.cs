using Balsam.Jobs;

namespace Balsam.Sessions;

/// <summary>One session, keyed by its id: leases jobs to a launcher and gives them back when it ends or goes silent.</summary>
[Alias("balsam.ISessionGrain")]
public interface ISessionGrain : IGrainWithIntegerKey
{
    /// <summary>Starts the session; called by <see cref="Sites.ISiteGrain.OpenSessionAsync"/>.</summary>
    [Alias("Open")]
    [Auth.ServiceInternal]
    [Balsam.Errors.NotIdempotent]
    Task<SessionInfo> OpenAsync(long siteId, long? batchJobId);

    /// <summary>The session, or <see cref="Errors.ResourceNotFoundException"/> once it is closed or expired.</summary>
    [Alias("Get")]
    Task<SessionInfo> GetAsync();

    /// <summary>Leases matching jobs to this session and refreshes the heartbeat.</summary>
    [Alias("Acquire")]
    [Balsam.Errors.NotIdempotent]
    Task<IReadOnlyList<JobRecord>> AcquireAsync(AcquireRequest request);

    /// <summary>The launcher is alive.</summary>
    [Alias("Tick")]
    Task TickAsync();

    /// <summary>Ends the session: releases its leases; jobs it still runs become RUN_TIMEOUT.</summary>
    [Alias("Close")]
    Task CloseAsync();
}
