using System.Runtime.InteropServices;

namespace Balsam.Launcher.Cli;

/// <summary>Signals to other processes and process groups (.NET's Process.Kill only sends SIGKILL to one process).</summary>
internal static partial class Signals
{
    private const int SigHup = 1;
    private const int SigTerm = 15;
    private const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetDisposition(int signal, nint handler);

    /// <summary>
    /// Undoes an inherited "ignore SIGHUP" (a start under nohup, or from a batch system that ignores it): an ignored
    /// signal stays ignored across exec, and the runtime would never hand it to a registration.
    /// </summary>
    public static void StopIgnoringHangup() => SetDisposition(SigHup, 0 /* SIG_DFL */);

    public static void Terminate(int pid) => Kill(pid, SigTerm);

    public static void Hangup(int pid) => Kill(pid, SigHup);

    /// <summary>SIGTERM to every process of the group led by <paramref name="leader"/>.</summary>
    public static void TerminateGroup(int leader) => Kill(-leader, SigTerm);

    public static void KillGroup(int leader) => Kill(-leader, SigKill);
}
