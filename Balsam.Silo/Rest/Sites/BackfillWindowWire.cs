namespace Balsam.Silo.Rest.Sites;

/// <summary>Balsam's <c>SchedulerBackfillWindow</c>.</summary>
internal sealed record BackfillWindowWire(int NumNodes, int WallTimeMin);
