using Balsam.Client.Apps;
using Balsam.Launcher.Cli;

namespace Balsam.Launcher.Pilot.RunApp;

/// <summary>
/// One run of a <c>Run</c> app's job, the same in a <c>balsam run-app</c> process and in a warm executor: loads the
/// class, calls <c>Run</c>, leaves its value or exception in the workdir's <see cref="RunResultFile"/> (rank 0 only)
/// and says how the run ended as a process exit code.
/// </summary>
internal static class RunAppExecution
{
    /// <param name="job">The job and its app.</param>
    /// <param name="loader">Loads the app's class.</param>
    /// <param name="workdir">The job's workdir (the result file goes there).</param>
    /// <param name="error">Where the exception of a failed run is described (the job's output).</param>
    /// <param name="loaded">Called once the class is loaded, before the user's code runs.</param>
    /// <param name="cancellationToken">Handed to <c>Run</c> when it takes one.</param>
    /// <returns><see cref="ExitCodes.Success"/>, or <see cref="ExitCodes.UserError"/> when loading or <c>Run</c> threw.</returns>
    public static async Task<int> RunAsync(RunAppJob job, AppTypeLoader loader, string workdir, TextWriter error, Func<Task> loaded,
        CancellationToken cancellationToken)
    {
        var app = job.ToAppInfo();
        var ranks = RankInfo.FromEnvironment();
        var writeResult = ranks.IsRankZero;
        try
        {
            var instance = await loader.CreateAsync(app);
            await loaded();
            instance.RankInfo = ranks;
            var value = await RunInvoker.InvokeAsync(instance, app.Definition, job.Parameters, cancellationToken);
            if (writeResult)
            {
                RunResultFile.WriteValue(workdir, value);
            }

            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error.WriteLine($"{app.Name}.Run threw {e.GetType().FullName}: {e.Message}");
            error.WriteLine(e.StackTrace);
            if (writeResult)
            {
                RunResultFile.WriteException(workdir, RunInvoker.DescribeException(e));
            }

            return ExitCodes.UserError;
        }
    }
}
