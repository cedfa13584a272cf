namespace Balsam.Sessions;

/// <summary>The order jobs are packed into a node budget (SPEC §3; the site's <c>launcher.sort_by</c>).</summary>
[GenerateSerializer, Alias("balsam.AcquireOrder")]
public enum AcquireOrder
{
    /// <summary>num_nodes ascending, node_packing_count descending, wall_time_min descending.</summary>
    Default = 0,

    /// <summary>wall_time_min descending, num_nodes descending, node_packing_count descending.</summary>
    LongLargeFirst = 1,
}
