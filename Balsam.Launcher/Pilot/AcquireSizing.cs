using Balsam.Launcher.Pilot.Nodes;
using Balsam.Launcher.Settings;
using Balsam.Sessions;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// How much the launcher asks its session for: in serial mode a prefetch of <c>serial_mode_prefetch_per_rank</c> jobs
/// per node, topped up when half of it has been started; in MPI mode up to <c>max_concurrent_mpiruns</c> jobs within
/// the free node capacity, never a whole-node job larger than the idle nodes. Jobs must fit in the remaining wall time,
/// in whole minutes: with less than a minute left only jobs of unknown length (wall_time_min 0) are taken.
/// </summary>
internal static class AcquireSizing
{
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
    public static AcquireRequest? Next(
        LauncherMode mode, LauncherSettings launcher, Dictionary<string, string> filterTags,
        int nodeCount, double freeNodeCapacity, int running, int waiting, TimeSpan untilDeadline, int? idleNodes = null)
    {
        var serial = mode == LauncherMode.Serial;
        var prefetch = serial ? launcher.SerialModePrefetchPerRank * nodeCount : 0;
        if (running >= launcher.MaxConcurrentMpiruns || freeNodeCapacity <= NodeManager.Epsilon || waiting > prefetch / 2)
        {
            return null;
        }

        var remainingMin = Math.Max(0, (int)Math.Floor(untilDeadline.TotalMinutes));
        return new AcquireRequest
        {
            MaxJobs = Math.Min(AcquireRequest.MaxJobsLimit, Math.Max(1, serial ? prefetch : launcher.MaxConcurrentMpiruns - running)),
            FilterTags = filterTags,
            SerialOnly = serial,
            MaxNodesPerJob = nodeCount,
            MaxAggregateNodes = mode == LauncherMode.Mpi ? freeNodeCapacity : null,
            MaxWallTimeMin = remainingMin,
            MaxWholeNodesPerJob = mode == LauncherMode.Mpi ? idleNodes : null,
            Order = launcher.SortBy,
        };
    }
}
