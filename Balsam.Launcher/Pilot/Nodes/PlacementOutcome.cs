namespace Balsam.Launcher.Pilot.Nodes;

/// <summary>What the node manager did with a job.</summary>
public enum PlacementOutcome
{
    /// <summary>The job has its nodes, cores and GPUs: start it.</summary>
    Placed,

    /// <summary>The job could run here but not now: keep it and try again when a run ends.</summary>
    WaitForResources,

    /// <summary>The job can never run on these nodes (it asks for more than a node has, or its resources are
    /// invalid): fail it with the reason instead of waiting forever.</summary>
    Impossible,
}
