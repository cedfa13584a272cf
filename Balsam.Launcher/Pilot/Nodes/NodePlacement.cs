namespace Balsam.Launcher.Pilot.Nodes;

/// <summary>Where a job runs: its hosts and, for a job within one node, the cores and GPUs it was given there.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Hosts">The hosts, in node order.</param>
/// <param name="CpuIds">Cores given to a single-node job; empty for multi-node jobs (whole nodes, no pinning).</param>
/// <param name="GpuIds">GPUs given to a single-node job (distinct, in use order); empty when it asked for none, and for
/// multi-node jobs.</param>
/// <param name="Occupancy">The share of each node it holds: <c>1/node_packing_count</c>, or 1 for whole nodes.</param>
public sealed record NodePlacement(
    long JobId,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<int> CpuIds,
    IReadOnlyList<string> GpuIds,
    double Occupancy)
{
    public bool IsMultiNode => Hosts.Count > 1;
}
