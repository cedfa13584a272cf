namespace Balsam.Transfers;

/// <summary>SPEC names of <see cref="TransferItemState"/> values.</summary>
public static class TransferItemStateNames
{
    public static string Name(this TransferItemState state) => state switch
    {
        TransferItemState.AwaitingJob => "awaiting_job",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static TransferItemState Parse(string name) => name == "awaiting_job"
        ? TransferItemState.AwaitingJob
        : Enum.Parse<TransferItemState>(name, ignoreCase: true);
}
