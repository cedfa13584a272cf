namespace Balsam.Benchmarks;

/// <summary>Runs one part of the benchmark; a part that fails marks its figures n/a with the reason and the run goes on.</summary>
public static class Sections
{
    /// <summary>The run's sizes; a part left out by <c>--only</c> is skipped and its figures are not reported.</summary>
    public static BenchSizes Sizes { get; set; } = BenchSizes.Full;

    public static async Task RunAsync(Report report, string name, IReadOnlyList<string> figures, Func<Task> part)
    {
        if (!Sizes.Runs(name))
        {
            return;
        }

        try
        {
            await part();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"  {name} failed: {e}");
            var reason = $"{name} failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
            foreach (var figure in figures)
            {
                report.NotAvailable(figure, reason);
            }
        }
    }
}
