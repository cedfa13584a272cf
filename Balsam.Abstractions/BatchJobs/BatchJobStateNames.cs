namespace Balsam.BatchJobs;

/// <summary>The wire and CLI names of <see cref="BatchJobState"/> (<c>pending_submission</c>, <c>queued</c>, ...).</summary>
public static class BatchJobStateNames
{
    private static readonly Dictionary<BatchJobState, string> Names = new()
    {
        [BatchJobState.PendingSubmission] = "pending_submission",
        [BatchJobState.Queued] = "queued",
        [BatchJobState.Running] = "running",
        [BatchJobState.Finished] = "finished",
        [BatchJobState.SubmitFailed] = "submit_failed",
        [BatchJobState.PendingDeletion] = "pending_deletion",
    };

    private static readonly Dictionary<string, BatchJobState> ByName =
        Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>States the scheduler service still has work for (what <c>balsam queue ls</c> shows without --history).</summary>
    public static IReadOnlyList<BatchJobState> Active { get; } =
        [BatchJobState.PendingSubmission, BatchJobState.Queued, BatchJobState.Running, BatchJobState.PendingDeletion];

    public static IReadOnlyList<string> All { get; } = [.. Names.Values];

    public static string Name(this BatchJobState state) => Names[state];

    public static bool TryParse(string name, out BatchJobState state) => ByName.TryGetValue(name.Trim(), out state);

    public static bool IsTerminal(this BatchJobState state) => state is BatchJobState.Finished or BatchJobState.SubmitFailed;
}
