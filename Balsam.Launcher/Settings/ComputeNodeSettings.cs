using Balsam.Launcher.Pilot.Nodes;

namespace Balsam.Launcher.Settings;

/// <summary><c>launcher.compute_node</c>: the platform's node type, what the node manager accounts for on each node.</summary>
public sealed record ComputeNodeSettings
{
    /// <summary>Cores per node; null counts the cores of the machine the launcher runs on.</summary>
    public int? Cpus { get; init; }

    /// <summary>GPUs per node.</summary>
    public int Gpus { get; init; }

    /// <summary>The GPU ids given to jobs, in the order they are handed out; null numbers them 0..gpus-1.
    /// Its length must be <see cref="Gpus"/> (Aurora lists its 12 tiles "0.0" ... "5.1").</summary>
    public List<string>? GpuIds { get; init; }

    /// <summary>The variable that pins a job to its GPUs: CUDA_VISIBLE_DEVICES (NVIDIA) or ZE_AFFINITY_MASK (Intel).</summary>
    public string VisibleDevicesVariable { get; init; } = "CUDA_VISIBLE_DEVICES";

    /// <summary>Where the launcher finds its nodes.</summary>
    public NodeListSource NodeList { get; init; } = NodeListSource.Local;

    /// <summary>The cores of one node: <see cref="Cpus"/>, or this machine's processor count.</summary>
    public int EffectiveCpus => Cpus ?? Environment.ProcessorCount;

    /// <summary>The GPU ids of one node: <see cref="GpuIds"/>, or 0..gpus-1.</summary>
    public IReadOnlyList<string> EffectiveGpuIds => GpuIds is { } ids ? ids : NodeHardware.NumberedGpus(Gpus);

    /// <summary>The node manager's view of the given hosts, all of this type.</summary>
    public IReadOnlyList<NodeHardware> NodesFor(IEnumerable<string> hostnames) =>
        NodeHardware.Uniform(hostnames, EffectiveCpus, EffectiveGpuIds);
}
