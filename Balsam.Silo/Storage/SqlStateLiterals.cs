using Balsam.BatchJobs;
using Balsam.States;
using Balsam.Transfers;

namespace Balsam.Silo.Storage;

/// <summary>
/// State names written into SQL text as quoted literals, taken from the state-name tables so that a rename reaches the
/// SQL. Literals rather than parameters where the planner must see the value (partial indexes, prepared plans).
/// </summary>
internal static class SqlStateLiterals
{
    public static string Of(JobState state) => Quote(state.Name());

    public static string Of(BatchJobState state) => Quote(state.Name());

    public static string Of(TransferItemState state) => Quote(state.Name());

    /// <summary><c>('A', 'B')</c>, for <c>state IN ...</c>, in the order given.</summary>
    public static string List(IEnumerable<JobState> states) => $"({string.Join(", ", states.Select(Of))})";

    private static string Quote(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"'{name}'" : throw new ArgumentException($"'{name}' cannot be a SQL literal");
}
