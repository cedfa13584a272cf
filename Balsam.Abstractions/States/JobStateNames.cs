namespace Balsam.States;

/// <summary>SPEC names of <see cref="JobState"/> values (<c>RUN_DONE</c>), and the state groups SPEC defines.</summary>
public static class JobStateNames
{
    private static readonly Dictionary<JobState, string> Names = Enum.GetValues<JobState>().ToDictionary(s => s, ToSpecName);
    private static readonly Dictionary<string, JobState> States =
        Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>States a launcher may acquire.</summary>
    public static readonly IReadOnlyList<JobState> Runnable = [JobState.Preprocessed, JobState.RestartReady];

    /// <summary>States the processing service acquires to run hooks.</summary>
    public static readonly IReadOnlyList<JobState> Processable =
        [JobState.StagedIn, JobState.RunDone, JobState.RunError, JobState.RunTimeout];

    public static readonly IReadOnlyList<JobState> Done = [JobState.JobFinished, JobState.Failed];

    public static string Name(this JobState state) => Names[state];

    /// <summary>Parses <c>RUN_DONE</c>, <c>run_done</c> or <c>RunDone</c>.</summary>
    public static bool TryParse(string text, out JobState state) =>
        States.TryGetValue(text, out state) || Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state);

    public static JobState Parse(string text) => TryParse(text, out var state)
        ? state
        : throw new Errors.BalsamValidationException("job state", "state",
            $"'{text}' is not a job state; use one of {string.Join(", ", Names.Values)}");

    private static string ToSpecName(JobState state) =>
        string.Concat(state.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
