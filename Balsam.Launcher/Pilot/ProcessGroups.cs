using System.Diagnostics;
using Balsam.Launcher.Cli;
using Balsam.Launcher.Pilot.Mpi;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// Starts a job as the leader of its own process group with its output in a file, so that stopping it reaches every
/// process it started (an MPI launcher and its ranks, or a shell and its children).
/// </summary>
internal static class ProcessGroups
{
    /// <summary>
    /// Starts <paramref name="command"/> under <c>setsid</c> with stdout and stderr written to <paramref name="outputFile"/>,
    /// after the app's shell preamble lines (its own code: module loads, exports) in the same shell.
    /// </summary>
    public static Process Start(LaunchCommand command, string outputFile, IReadOnlyList<string>? preamble = null)
    {
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = command.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        // The redirection happens in a shell that then replaces itself with the job, so no value passes through it.
        var script = string.Join('\n', ["exec >\"$BALSAM_JOB_OUTPUT\" 2>&1 </dev/null", .. preamble ?? [], "exec \"$@\""]);
        foreach (var argument in (string[])["/bin/sh", "-c", script, "balsam-job", .. command.Argv])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["BALSAM_JOB_OUTPUT"] = outputFile;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command.Argv[0]}");
        process.StandardInput.Close();
        return process;
    }

    /// <summary>SIGTERM to the group, then SIGKILL after the grace period if it is still there.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        Signals.TerminateGroup(process.Id);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Signals.KillGroup(process.Id);
            await process.WaitForExitAsync();
        }
    }
}
