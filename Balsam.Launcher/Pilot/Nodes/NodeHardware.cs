namespace Balsam.Launcher.Pilot.Nodes;

/// <summary>One compute node of the allocation: its host name and the CPU (core) and GPU ids jobs can be given.</summary>
public sealed record NodeHardware(string Hostname, IReadOnlyList<int> CpuIds, IReadOnlyList<string> GpuIds)
{
    /// <summary>Nodes of one type (<c>launcher.compute_node</c>): cores <c>0..cpus-1</c> and the given GPU ids on each host.</summary>
    public static IReadOnlyList<NodeHardware> Uniform(IEnumerable<string> hostnames, int cpus, IReadOnlyList<string> gpuIds) =>
        hostnames.Select(host => new NodeHardware(host, Enumerable.Range(0, cpus).ToArray(), gpuIds.ToArray())).ToArray();

    /// <summary>GPU ids <c>0..gpus-1</c>, the usual numbering.</summary>
    public static IReadOnlyList<string> NumberedGpus(int gpus) =>
        Enumerable.Range(0, gpus).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
