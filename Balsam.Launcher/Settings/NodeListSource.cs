namespace Balsam.Launcher.Settings;

/// <summary>Where a launcher finds the hosts of its batch job (<c>launcher.compute_node.node_list</c>).</summary>
public enum NodeListSource
{
    /// <summary>One node: the machine the launcher runs on.</summary>
    Local,

    /// <summary>PBS: the host names in the file named by <c>$PBS_NODEFILE</c>.</summary>
    PbsNodefile,

    /// <summary>Slurm: the (compressed) host list in <c>$SLURM_NODELIST</c>, e.g. <c>nid[001234,001240-001243]</c>.</summary>
    SlurmNodelist,
}
