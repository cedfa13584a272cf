using Balsam.Launcher.Settings;

namespace Balsam.Launcher.Pilot.Nodes;

/// <summary>The hosts of the allocation a launcher runs in (<c>launcher.compute_node.node_list</c>).</summary>
public static class BatchJobNodes
{
    /// <exception cref="InvalidOperationException">The scheduler's variable is missing or empty: says which and what sets it.</exception>
    public static IReadOnlyList<string> Discover(NodeListSource source, Func<string, string?> environment)
    {
        switch (source)
        {
            case NodeListSource.PbsNodefile:
                var file = environment("PBS_NODEFILE");
                if (string.IsNullOrEmpty(file) || !File.Exists(file))
                {
                    throw new InvalidOperationException("node_list is pbs_nodefile but $PBS_NODEFILE names no file (is this launcher inside a PBS job?)");
                }

                return File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct().ToList();

            case NodeListSource.SlurmNodelist:
                var list = environment("SLURM_JOB_NODELIST") ?? environment("SLURM_NODELIST");
                if (string.IsNullOrWhiteSpace(list))
                {
                    throw new InvalidOperationException("node_list is slurm_nodelist but $SLURM_JOB_NODELIST is not set (is this launcher inside a Slurm job?)");
                }

                return HostListExpander.Expand(list);

            default:
                return [Environment.MachineName];
        }
    }
}
