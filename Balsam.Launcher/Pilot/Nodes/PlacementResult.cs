namespace Balsam.Launcher.Pilot.Nodes;

/// <summary>The answer of <see cref="NodeManager.TryPlace"/>: a placement, or why there is none.</summary>
public sealed record PlacementResult(PlacementOutcome Outcome, NodePlacement? Placement, string Reason)
{
    public bool IsPlaced => Outcome == PlacementOutcome.Placed;

    public static PlacementResult Placed(NodePlacement placement) => new(PlacementOutcome.Placed, placement, "");

    public static PlacementResult Wait(string reason) => new(PlacementOutcome.WaitForResources, null, reason);

    public static PlacementResult Impossible(string reason) => new(PlacementOutcome.Impossible, null, reason);
}
