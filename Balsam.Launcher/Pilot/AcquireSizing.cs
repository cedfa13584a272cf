using Balsam.Launcher.Pilot.Nodes;
using Balsam.Launcher.Settings;
using Balsam.Sessions;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// How much the launcher asks its session for: in serial mode a prefetch of <c>serial_mode_prefetch_per_rank</c> jobs
/// per node, topped up when half of it has been started; in MPI mode up to <c>max_concurrent_mpiruns</c> jobs within
/// the free node capacity plus a lease-ahead queue, topped up when half of it has been started (so a node that
/// finishes a job starts the next at once, without a round trip to the service): <see cref="LeaseAheadPerNode"/> nodes'
/// worth per node, or what the launcher starts in <see cref="LeaseAheadSeconds"/> at its recent rate when that is more
/// (short jobs: one acquire per few dozen starts, not per few), up to <see cref="MaxLeaseAheadPerNode"/>; never a
/// whole-node job larger than the idle nodes (one node when none is idle: it queues for the next free node). Jobs must
/// fit in the remaining wall time, in whole minutes: with less than a minute left only jobs of unknown length
/// (wall_time_min 0) are taken. Jobs of apps of Balsam's Python client are never asked for: only Balsam's Python
/// launcher runs them.
/// </summary>
internal static class AcquireSizing
{
    /// <summary>Node footprint leased ahead in MPI mode, per node of the launcher.</summary>
    public const int LeaseAheadPerNode = 4;

    /// <summary>Starts, at the launcher's recent rate, that the lease-ahead queue covers when they exceed <see cref="LeaseAheadPerNode"/>.</summary>
    public const double LeaseAheadSeconds = 0.5;

    /// <summary>The most node footprint leased ahead, per node: jobs leased ahead wait for this launcher only.</summary>
    public const int MaxLeaseAheadPerNode = 32;

    /// <summary>The node footprint of the lease-ahead queue (MPI mode).</summary>
    /// <param name="nodeCount">The nodes of the allocation.</param>
    /// <param name="nodesStartedPerSecond">The node footprint the launcher started per second, lately.</param>
    public static double LeaseAhead(int nodeCount, double nodesStartedPerSecond) =>
        Math.Clamp(nodesStartedPerSecond * LeaseAheadSeconds, LeaseAheadPerNode * nodeCount, MaxLeaseAheadPerNode * nodeCount);

    /// <summary>The next acquire request, or null when the launcher has enough (or no room) for now.</summary>
    /// <param name="mode">The launcher's job mode.</param>
    /// <param name="launcher">The site's launcher settings.</param>
    /// <param name="filterTags">Only jobs with these tags.</param>
    /// <param name="nodeCount">The nodes of the allocation.</param>
    /// <param name="freeNodeCapacity">The free capacity, in nodes (fractions for packed jobs).</param>
    /// <param name="running">Jobs running now.</param>
    /// <param name="waiting">Jobs acquired but not started yet.</param>
    /// <param name="untilDeadline">The wall time left.</param>
    /// <param name="idleNodes">Nodes with nothing on them (MPI mode): whole-node jobs larger than this cannot be placed.</param>
    /// <param name="waitingNodes">The node footprint of the waiting jobs (MPI mode); by default one node each.</param>
    /// <param name="nodesStartedPerSecond">The node footprint started per second lately (MPI mode's lease-ahead).</param>
    public static AcquireRequest? Next(
        LauncherMode mode, LauncherSettings launcher, Dictionary<string, string> filterTags,
        int nodeCount, double freeNodeCapacity, int running, int waiting, TimeSpan untilDeadline, int? idleNodes = null,
        double? waitingNodes = null, double nodesStartedPerSecond = 0)
    {
        var remainingMin = Math.Max(0, (int)Math.Floor(untilDeadline.TotalMinutes));
        if (mode == LauncherMode.Serial)
        {
            var prefetch = launcher.SerialModePrefetchPerRank * nodeCount;
            if (running >= launcher.MaxConcurrentMpiruns || freeNodeCapacity <= NodeManager.Epsilon || waiting > prefetch / 2)
            {
                return null;
            }

            return new AcquireRequest
            {
                MaxJobs = Math.Min(AcquireRequest.MaxJobsLimit, Math.Max(1, prefetch)),
                FilterTags = filterTags,
                SerialOnly = true,
                MaxNodesPerJob = nodeCount,
                MaxWallTimeMin = remainingMin,
                Order = launcher.SortBy,
                AppKinds = AcquireAppKinds.NotPython,
            };
        }

        var ahead = LeaseAhead(nodeCount, nodesStartedPerSecond);
        var queued = waitingNodes ?? waiting;
        var budget = freeNodeCapacity + ahead - queued;
        var jobs = launcher.MaxConcurrentMpiruns - running + (int)Math.Ceiling(ahead) - waiting;
        if (queued > ahead / 2.0 || budget <= NodeManager.Epsilon || jobs < 1)
        {
            return null;
        }

        return new AcquireRequest
        {
            MaxJobs = Math.Min(AcquireRequest.MaxJobsLimit, jobs),
            FilterTags = filterTags,
            SerialOnly = false,
            MaxNodesPerJob = nodeCount,
            MaxAggregateNodes = budget,
            MaxWallTimeMin = remainingMin,
            MaxWholeNodesPerJob = idleNodes is { } idle ? Math.Max(idle, Math.Min(1, nodeCount)) : null,
            Order = launcher.SortBy,
            AppKinds = AcquireAppKinds.NotPython,
        };
    }
}
