namespace Balsam.Launcher.Pilot.Nodes;

/// <summary>A snapshot of one node's accounting.</summary>
/// <param name="Hostname">The host.</param>
/// <param name="Occupancy">Σ 1/node_packing_count of its jobs (0 = idle, 1 = full).</param>
/// <param name="BusyCpuIds">Cores given to jobs.</param>
/// <param name="IdleCpuIds">Cores free.</param>
/// <param name="GpuLoads">Each GPU id and the share of it in use (0..1; fractions when jobs share a GPU).</param>
/// <param name="JobIds">Jobs on the node.</param>
public sealed record NodeStatus(
    string Hostname,
    double Occupancy,
    IReadOnlyList<int> BusyCpuIds,
    IReadOnlyList<int> IdleCpuIds,
    IReadOnlyDictionary<string, double> GpuLoads,
    IReadOnlyList<long> JobIds)
{
    public bool IsIdle => JobIds.Count == 0;
}
