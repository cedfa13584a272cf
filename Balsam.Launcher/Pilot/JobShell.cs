using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// The shell that runs a job's preamble and command: <c>/bin/bash</c> where it exists (so preambles may use
/// <c>source</c>, <c>[[ ]]</c> and other bash-isms, as module systems expect), <c>/bin/sh</c> otherwise. Checked once
/// per process; the fallback is logged once.
/// </summary>
internal static class JobShell
{
    private const string Bash = "/bin/bash";
    private const string Sh = "/bin/sh";
    private static int _fallbackLogged;

    /// <summary>The shell's path.</summary>
    public static string Path { get; } = File.Exists(Bash) ? Bash : Sh;

    /// <summary>
    /// Under bash, the line that takes the watchdog out of the shell's job table (<c>disown</c>), so that killing it
    /// does not print a "Killed" job notice into the job's output, and a preamble's bare <c>wait</c> does not wait for
    /// it; under <c>/bin/sh</c> (no <c>disown</c>, no notice) nothing.
    /// </summary>
    public static IReadOnlyList<string> ForgetWatchdog { get; } = Path == Bash ? ["disown \"$watchdog\""] : [];

    /// <summary>Says once, when <c>/bin/bash</c> is missing, that jobs run under <c>/bin/sh</c>.</summary>
    public static void LogFallbackOnce(ILogger logger)
    {
        if (Path == Sh && Interlocked.Exchange(ref _fallbackLogged, 1) == 0)
        {
            logger.LogWarning("{Bash} does not exist on this node: job preambles and commands run under {Sh}, so bash-only syntax fails", Bash, Sh);
        }
    }
}
