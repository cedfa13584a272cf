using System.Diagnostics;
using Balsam.Launcher.Pilot.Mpi;

namespace Balsam.Tests.Unit.Launching;

/// <summary>Runs a built launch command as a real process and returns its exit code and everything it printed.</summary>
internal static class LaunchCommandRuns
{
    public static async Task<(int ExitCode, string Output)> RunAsync(LaunchCommand command)
    {
        var start = command.CreateStartInfo();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await errors);
    }
}
