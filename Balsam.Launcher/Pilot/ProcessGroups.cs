using System.Diagnostics;
using Balsam.Launcher.Cli;
using Balsam.Launcher.Pilot.Mpi;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// Starts a job as the leader of its own process group with its output in a file, so that stopping it reaches every
/// process it started (an MPI launcher and its ranks, or a shell and its children). Launcher and job die together:
/// the job's shell keeps a watchdog that reads the launcher's end of a pipe, and when the launcher dies (even by
/// SIGKILL) the pipe closes and the watchdog kills the whole group, so a re-run never overlaps an orphan. When the
/// job ends by itself its shell writes an <see cref="ExitRecord"/> into the workdir.
/// </summary>
internal static class ProcessGroups
{
    /// <summary>
    /// Starts <paramref name="command"/> under <c>setsid</c> with stdout and stderr written to <paramref name="outputFile"/>,
    /// after the app's shell preamble lines (its own code: module loads, exports) in the same shell.
    /// </summary>
    public static Process Start(LaunchCommand command, string outputFile, IReadOnlyList<string>? preamble = null) =>
        // Standard input stays open (nothing is written): its end of the pipe is what the watchdog waits on.
        Process.Start(StartInfo(command, outputFile, preamble)) ?? throw new InvalidOperationException($"could not start {command.Argv[0]}");

    /// <summary>
    /// How <see cref="Start"/> starts a job: <c>setsid</c>, the job's shell script, and the job's argv. The script runs
    /// under <see cref="JobShell.Path"/> (bash where it exists) when the app has preamble lines, which may be bash;
    /// without them under <c>/bin/sh</c>, which starts in about half the time (the job's own command keeps its shell).
    /// </summary>
    public static ProcessStartInfo StartInfo(LaunchCommand command, string outputFile, IReadOnlyList<string>? preamble)
    {
        var shell = preamble is { Count: > 0 } ? JobShell.Path : "/bin/sh";
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = command.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        // No value passes through the shell: the job's argv arrives as "$@". The watchdog ignores SIGTERM so that it
        // outlives a stop; the shell's own TERM trap only defers its exit until the job has ended.
        var script = string.Join('\n', [
            "exec >\"$BALSAM_JOB_OUTPUT\" 2>&1",
            // A background list reads /dev/null unless told otherwise: hand it the launcher's pipe through fd 3.
            "exec 3<&0",
            "( trap '' TERM INT; while read -r _; do :; done; kill -KILL 0 ) <&3 &",
            "watchdog=$!",
            .. shell == JobShell.Path ? JobShell.ForgetWatchdog : [],
            "exec 3<&-",
            "exec </dev/null",
            "trap ':' TERM",
            .. preamble ?? [],
            "\"$@\"",
            "rc=$?",
            // Recorded first: a launcher that dies now leaves the exit behind instead of a job to run again.
            ExitRecord.WriteLine,
            "kill -KILL \"$watchdog\" 2>/dev/null",
            "exit $rc"]);
        foreach (var argument in (string[])[shell, "-c", script, "balsam-job", .. command.Argv])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["BALSAM_JOB_OUTPUT"] = outputFile;
        return start;
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
