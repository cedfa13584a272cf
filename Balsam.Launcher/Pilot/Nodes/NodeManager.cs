using System.Globalization;
using Balsam.Jobs;

namespace Balsam.Launcher.Pilot.Nodes;

/// <summary>
/// The launcher's accounting of its nodes (SPEC §5, BALSAM-REFERENCE §4.2): per node the busy cores, the GPU shares in
/// use and the occupancy Σ 1/node_packing_count of its jobs.
/// <list type="bullet">
/// <item>A single-node job fits a node when the node has <c>ceil(ranks_per_node × threads_per_rank / threads_per_core)</c>
/// idle cores (at least 1), room on its GPUs for every rank's <c>gpus_per_rank</c>, and occupancy + 1/npc ≤ 1 (with a
/// small tolerance). Nodes are tried in order; the first that fits takes it, and its first idle cores go to the job.</item>
/// <item>GPUs: a rank with a whole number of GPUs per rank takes that many idle GPUs; a rank with a fraction (0.5) takes
/// that share of one GPU, sharing it with other fractional ranks (best fit: the fullest GPU that still has room), so two
/// 0.5-GPU jobs share one GPU and leave the others whole. A fraction above one (1.5) takes whole GPUs, rounded up.</item>
/// <item>A multi-node job takes whole idle nodes, in order (no core or GPU pinning).</item>
/// <item>Without node packing (<c>mpirun_allows_node_packing: false</c>) every job takes its nodes whole.</item>
/// <item>A job that could never fit (more cores or GPUs than a node has, more nodes than the launcher has,
/// node_packing_count 0, ...) is answered <see cref="PlacementOutcome.Impossible"/> with the reason, never left waiting.</item>
/// </list>
/// Thread-safe.
/// </summary>
public sealed class NodeManager
{
    /// <summary>Tolerance for sums of shares such as 3 × 1/3.</summary>
    public const double Epsilon = 1e-6;

    private readonly Node[] _nodes;
    private readonly Dictionary<long, NodePlacement> _placements = [];
    private readonly Lock _lock = new();

    public NodeManager(IEnumerable<NodeHardware> nodes, bool allowNodePacking = true)
    {
        _nodes = nodes.Select(hardware => new Node(hardware)).ToArray();
        if (_nodes.Length == 0)
        {
            throw new ArgumentException("a node manager needs at least one node", nameof(nodes));
        }

        var duplicate = _nodes.GroupBy(n => n.Hardware.Hostname).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"host '{duplicate.Key}' is listed twice", nameof(nodes));
        }

        AllowNodePacking = allowNodePacking;
    }

    public bool AllowNodePacking { get; }

    public int NodeCount => _nodes.Length;

    /// <summary>Nodes with no job at all (what a multi-node job can take).</summary>
    public int IdleNodeCount
    {
        get
        {
            lock (_lock)
            {
                return _nodes.Count(n => n.Jobs.Count == 0);
            }
        }
    }

    /// <summary>Node count minus Σ occupancy: the node budget still free for acquisition.</summary>
    public double FreeNodeCapacity
    {
        get
        {
            lock (_lock)
            {
                return Math.Max(0, _nodes.Length - _nodes.Sum(n => n.Occupancy));
            }
        }
    }

    /// <summary>Jobs placed and not yet released.</summary>
    public IReadOnlyCollection<long> PlacedJobIds
    {
        get
        {
            lock (_lock)
            {
                return _placements.Keys.ToArray();
            }
        }
    }

    /// <summary>Places a job if it fits now. Placing a job that is already placed is an error.</summary>
    public PlacementResult TryPlace(long jobId, JobResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (InvalidResources(resources) is { } invalid)
        {
            return PlacementResult.Impossible(invalid);
        }

        lock (_lock)
        {
            if (_placements.ContainsKey(jobId))
            {
                throw new InvalidOperationException($"job {jobId} is already placed on {string.Join(",", _placements[jobId].Hosts)}");
            }

            var result = resources.NumNodes > 1 ? PlaceOnWholeNodes(jobId, resources) : PlaceWithinNode(jobId, resources);
            if (result.Placement is { } placement)
            {
                _placements[jobId] = placement;
            }

            return result;
        }
    }

    /// <summary>Frees a finished job's nodes, cores and GPUs. False when the job was not placed (releasing twice is harmless).</summary>
    public bool Release(long jobId)
    {
        lock (_lock)
        {
            if (!_placements.Remove(jobId))
            {
                return false;
            }

            foreach (var node in _nodes)
            {
                node.Jobs.Remove(jobId);
            }

            return true;
        }
    }

    /// <summary>Why a job can never be placed on these nodes, or null when it could be (now or later).</summary>
    public string? WhyImpossible(JobResources resources)
    {
        if (InvalidResources(resources) is { } invalid)
        {
            return invalid;
        }

        if (resources.NumNodes > _nodes.Length)
        {
            return $"needs {resources.NumNodes} nodes; this launcher has {_nodes.Length}";
        }

        var need = Demand.Of(resources, AllowNodePacking);
        var capable = _nodes.Count(n => n.CouldEverHold(need));
        if (capable >= resources.NumNodes)
        {
            return null;
        }

        var largest = _nodes.MaxBy(n => (n.Hardware.CpuIds.Count, n.Hardware.GpuIds.Count))!.Hardware;
        var problems = new List<string>();
        if (need.Cpus > largest.CpuIds.Count)
        {
            problems.Add($"{need.Cpus} cpus (ranks_per_node × threads_per_rank / threads_per_core) but a node has {largest.CpuIds.Count}");
        }

        if (!new Node(largest).CouldEverHold(need with { Cpus = 0 }))
        {
            problems.Add($"{Format(need.RanksPerNode * need.GpusPerRank)} gpus ({need.RanksPerNode} ranks × {Format(need.GpusPerRank)} " +
                         $"gpus_per_rank{(need.GpusPerRank > 1 && need.GpusPerRank % 1 != 0 ? ", rounded up to whole gpus per rank" : "")}) " +
                         $"but a node has {largest.GpuIds.Count}");
        }

        return problems.Count > 0
            ? "needs " + string.Join(" and ", problems)
            : $"needs {resources.NumNodes} nodes that can each hold it; {capable} can";
    }

    /// <summary>The accounting of every node, in node order.</summary>
    public IReadOnlyList<NodeStatus> Snapshot()
    {
        lock (_lock)
        {
            return _nodes.Select(n => n.Status()).ToArray();
        }
    }

    private PlacementResult PlaceOnWholeNodes(long jobId, JobResources resources)
    {
        if (WhyImpossible(resources) is { } impossible)
        {
            return PlacementResult.Impossible(impossible);
        }

        var need = Demand.Of(resources, AllowNodePacking);
        var chosen = _nodes.Where(n => n.Jobs.Count == 0 && n.CouldEverHold(need)).Take(resources.NumNodes).ToArray();
        if (chosen.Length < resources.NumNodes)
        {
            return PlacementResult.Wait($"needs {resources.NumNodes} idle nodes; {_nodes.Count(n => n.Jobs.Count == 0)} idle now");
        }

        foreach (var node in chosen)
        {
            node.Jobs[jobId] = new JobOnNode(1.0, node.Hardware.CpuIds.ToArray(), Enumerable.Range(0, node.Hardware.GpuIds.Count).ToDictionary(i => i, _ => 1.0));
        }

        return PlacementResult.Placed(new NodePlacement(jobId, chosen.Select(n => n.Hardware.Hostname).ToArray(), [], [], 1.0));
    }

    private PlacementResult PlaceWithinNode(long jobId, JobResources resources)
    {
        var need = Demand.Of(resources, AllowNodePacking);
        foreach (var node in _nodes)
        {
            if (node.TryFit(need) is { } fit)
            {
                node.Jobs[jobId] = fit;
                var gpuIds = fit.GpuShares.Keys.Select(i => node.Hardware.GpuIds[i]).ToArray();
                return PlacementResult.Placed(new NodePlacement(jobId, [node.Hardware.Hostname], fit.CpuIds, gpuIds, fit.Occupancy));
            }
        }

        if (WhyImpossible(resources) is { } impossible)
        {
            return PlacementResult.Impossible(impossible);
        }

        return PlacementResult.Wait(
            $"no node has {need.Cpus} idle cpus, room for {Format(need.RanksPerNode * need.GpusPerRank)} gpus and " +
            $"{Format(need.Occupancy)} free occupancy now");
    }

    private static string? InvalidResources(JobResources r)
    {
        var problems = new List<string>();
        if (r.NumNodes < 1)
        {
            problems.Add($"num_nodes must be at least 1 (got {r.NumNodes})");
        }

        if (r.RanksPerNode < 1)
        {
            problems.Add($"ranks_per_node must be at least 1 (got {r.RanksPerNode})");
        }

        if (r.ThreadsPerRank < 1)
        {
            problems.Add($"threads_per_rank must be at least 1 (got {r.ThreadsPerRank})");
        }

        if (r.ThreadsPerCore < 1)
        {
            problems.Add($"threads_per_core must be at least 1 (got {r.ThreadsPerCore})");
        }

        if (r.NodePackingCount < 1)
        {
            problems.Add($"node_packing_count must be at least 1 (got {r.NodePackingCount})");
        }

        if (!(r.GpusPerRank >= 0) || !double.IsFinite(r.GpusPerRank))
        {
            problems.Add($"gpus_per_rank must be a finite number, zero or more (got {Format(r.GpusPerRank)})");
        }

        return problems.Count > 0 ? string.Join("; ", problems) : null;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>What a job needs of one node.</summary>
    private sealed record Demand(int Cpus, int RanksPerNode, double GpusPerRank, double Occupancy)
    {
        public static Demand Of(JobResources r, bool allowNodePacking) => new(
            Math.Max(1, (int)Math.Ceiling((double)r.RanksPerNode * r.ThreadsPerRank / r.ThreadsPerCore - Epsilon)),
            r.RanksPerNode,
            r.GpusPerRank,
            allowNodePacking && r.NumNodes == 1 ? 1.0 / r.NodePackingCount : 1.0);
    }

    /// <summary>A job's hold on one node: its share, its cores, and its share of each GPU (by index).</summary>
    private sealed record JobOnNode(double Occupancy, int[] CpuIds, Dictionary<int, double> GpuShares);

    private sealed class Node(NodeHardware hardware)
    {
        public NodeHardware Hardware { get; } = hardware;

        public Dictionary<long, JobOnNode> Jobs { get; } = [];

        public double Occupancy => Jobs.Values.Sum(j => j.Occupancy);

        public bool CouldEverHold(Demand need) =>
            need.Cpus <= Hardware.CpuIds.Count && PlanGpus(new double[Hardware.GpuIds.Count], need) is not null;

        public JobOnNode? TryFit(Demand need)
        {
            if (Occupancy + need.Occupancy > 1 + Epsilon)
            {
                return null;
            }

            var busy = Jobs.Values.SelectMany(j => j.CpuIds).ToHashSet();
            var cpus = Hardware.CpuIds.Where(id => !busy.Contains(id)).Take(need.Cpus).ToArray();
            if (cpus.Length < need.Cpus)
            {
                return null;
            }

            var gpus = PlanGpus(GpuLoads(), need);
            return gpus is null ? null : new JobOnNode(need.Occupancy, cpus, gpus);
        }

        public NodeStatus Status()
        {
            var busy = Jobs.Values.SelectMany(j => j.CpuIds).ToHashSet();
            var loads = GpuLoads();
            return new NodeStatus(
                Hardware.Hostname,
                Occupancy,
                Hardware.CpuIds.Where(busy.Contains).ToArray(),
                Hardware.CpuIds.Where(id => !busy.Contains(id)).ToArray(),
                Hardware.GpuIds.Select((id, i) => (id, i)).ToDictionary(g => g.id, g => loads[g.i]),
                Jobs.Keys.ToArray());
        }

        private double[] GpuLoads()
        {
            var loads = new double[Hardware.GpuIds.Count];
            foreach (var (index, share) in Jobs.Values.SelectMany(j => j.GpuShares))
            {
                loads[index] += share;
            }

            return loads;
        }

        /// <summary>
        /// Each rank's GPUs on top of <paramref name="loads"/>: whole idle GPUs for a whole number per rank (a fraction
        /// above one rounds up), else a share of the fullest GPU with room. Null when some rank finds no room.
        /// The result maps GPU index to the share taken, in the order GPUs were first used.
        /// </summary>
        private static Dictionary<int, double>? PlanGpus(double[] loads, Demand need)
        {
            var plan = new Dictionary<int, double>();
            if (need.GpusPerRank <= 0)
            {
                return plan;
            }

            loads = (double[])loads.Clone();
            for (var rank = 0; rank < need.RanksPerNode; rank++)
            {
                if (need.GpusPerRank >= 1 - Epsilon)
                {
                    var whole = (int)Math.Ceiling(need.GpusPerRank - Epsilon);
                    var idle = Enumerable.Range(0, loads.Length).Where(i => loads[i] <= Epsilon).Take(whole).ToArray();
                    if (idle.Length < whole)
                    {
                        return null;
                    }

                    foreach (var i in idle)
                    {
                        loads[i] = 1;
                        plan[i] = plan.GetValueOrDefault(i) + 1;
                    }
                }
                else
                {
                    var best = -1;
                    for (var i = 0; i < loads.Length; i++)
                    {
                        if (loads[i] + need.GpusPerRank <= 1 + Epsilon && (best < 0 || loads[i] > loads[best] + Epsilon))
                        {
                            best = i;
                        }
                    }

                    if (best < 0)
                    {
                        return null;
                    }

                    loads[best] += need.GpusPerRank;
                    plan[best] = plan.GetValueOrDefault(best) + need.GpusPerRank;
                }
            }

            return plan;
        }
    }
}
