using Spectre.Console;

namespace Balsam.Launcher.Cli.Output;

/// <summary>A progress bar for long CLI work on a terminal; redirected output gets only the command's closing line.</summary>
internal static class CliProgress
{
    /// <summary>Runs <paramref name="work"/>, which reports each step done through the callback it is given.</summary>
    public static async Task RunAsync(CliContext context, string description, long total, Func<Action<long>, Task> work)
    {
        if (!context.OutIsTerminal)
        {
            await work(_ => { });
            return;
        }

        await context.Console.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask(description, maxValue: Math.Max(1, total));
            await work(done => task.Increment(done));
        });
    }
}
