using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Pilot.Spawn;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// Starts a job as the leader of its own process group with its output in a file, so that stopping it reaches every
/// process it started (an MPI launcher and its ranks, or a shell and its children). Launcher and job die together, so a
/// re-run never overlaps an orphan, and a job that ends by itself leaves an <see cref="ExitRecord"/> in its workdir.
/// A job without a shell preamble starts as its own program: the <see cref="JobGroupGuard"/> kills its group if the
/// launcher dies, and the launcher writes its exit record when it collects the exit. A job with a preamble runs in a
/// job shell: its watchdog reads the launcher's end of a pipe and kills the group when the launcher dies (even by
/// SIGKILL), and the shell writes the record.
/// </summary>
internal static class ProcessGroups
{
    /// <summary>
    /// Starts <paramref name="command"/> as the leader of a new session with stdout and stderr written to
    /// <paramref name="outputFile"/>, after the app's shell preamble lines (its own code: module loads, exports) in the
    /// same shell.
    /// </summary>
    public static SessionProcess Start(LaunchCommand command, string outputFile, IReadOnlyList<string>? preamble = null)
    {
        if (preamble is not { Count: > 0 } && ProgramPath(command) is { } program)
        {
            try
            {
                return StartAlone(command, program, outputFile);
            }
            catch (IOException)
            {
                // The program could not be executed (no permission, not a binary or script): the job shell reports why
                // in the job's output, with the exit code a shell gives.
            }
        }

        // Standard input is the launcher's pipe (nothing is written): its end is what the watchdog waits on.
        return SessionProcess.Start(InJobShell(command, outputFile, preamble));
    }

    /// <summary>
    /// The job's program without a shell in front: one process start where a job shell costs three (the shell, its
    /// watchdog and the fork for the program). What the job shell did around it is done here: <c>PWD</c> names the
    /// workdir, a death by signal is noted at the end of the output as the shell would print it, and the exit is
    /// recorded, unless SIGKILL ended the run (then it must run again, as when the launcher died).
    /// </summary>
    private static SessionProcess StartAlone(LaunchCommand command, string program, string outputFile)
    {
        long? session = command.Environment.TryGetValue("BALSAM_SESSION_ID", out var text) && long.TryParse(text, out var id) ? id : null;
        var withPwd = command with { Environment = new Dictionary<string, string>(command.Environment) { ["PWD"] = command.WorkingDirectory } };
        return SessionProcess.Start(withPwd, new SpawnOptions { Program = program, OutputFile = outputFile, Guarded = true }, exit =>
        {
            if (exit.ShellNotice is { } notice)
            {
                AppendLine(outputFile, notice);
            }

            if (!exit.KilledOutright)
            {
                ExitRecord.TryWrite(command.WorkingDirectory, new ExitRecord(exit.Code, session));
            }
        });
    }

    private static void AppendLine(string file, string line)
    {
        try
        {
            File.AppendAllText(file, line + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The file a shell would run for the command's first word, on the job's own <c>PATH</c> and from its workdir.</summary>
    private static string? ProgramPath(LaunchCommand command) =>
        ExecutableSearch.FindExecutable(command.Argv[0], command.WorkingDirectory,
            command.Environment.TryGetValue("PATH", out var own) ? own : null);

    /// <summary>
    /// The job's shell around <paramref name="command"/>: the script runs under <see cref="JobShell.Path"/> (bash where
    /// it exists) when the app has preamble lines, which may be bash; without them under <c>/bin/sh</c>, which starts in
    /// about half the time (the job's own command keeps its shell). After a preamble, a command that is a line for the
    /// job shell (<c>bash -c LINE</c>: a rendered command that is more than a program and its words) runs in a subshell
    /// of it instead of a bash of its own: a fork instead of a shell start, and what the preamble defined (a module
    /// system's <c>module</c> function, unexported variables) is there for the command, as in one script. Without a
    /// preamble a bash of its own stays: <c>/bin/sh</c> and <c>bash -c</c> cost less than a bash and its subshell.
    /// </summary>
    public static LaunchCommand InJobShell(LaunchCommand command, string outputFile, IReadOnlyList<string>? preamble)
    {
        var shell = preamble is { Count: > 0 } ? JobShell.Path : "/bin/sh";
        var lineOfJobShell = shell == JobShell.Path && command.Argv is [var program, "-c", _] && program == JobShell.Path;
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
            // The subshell resets the TERM trap (a stop ends the line), and shift leaves the line no arguments, as bash -c.
            lineOfJobShell ? "( eval \"shift; $1\" )" : "\"$@\"",
            "rc=$?",
            // Recorded first: a launcher that dies now leaves the exit behind instead of a job to run again.
            ExitRecord.WriteLine,
            "kill -KILL \"$watchdog\" 2>/dev/null",
            "exit $rc"]);
        var environment = new Dictionary<string, string>(command.Environment) { ["BALSAM_JOB_OUTPUT"] = outputFile };
        IReadOnlyList<string> arguments = lineOfJobShell ? [command.Argv[2]] : command.Argv;
        return new LaunchCommand([shell, "-c", script, "balsam-job", .. arguments], environment, command.WorkingDirectory);
    }
}
