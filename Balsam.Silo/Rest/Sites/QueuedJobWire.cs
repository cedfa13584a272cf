using Balsam.BatchJobs;

namespace Balsam.Silo.Rest.Sites;

/// <summary>Balsam's <c>SchedulerJobStatus</c>.</summary>
internal sealed record QueuedJobWire(
    long SchedulerId, BatchJobState State, string Queue, int NumNodes, int WallTimeMin, string Project, int TimeRemainingMin, int QueuedTimeMin);
