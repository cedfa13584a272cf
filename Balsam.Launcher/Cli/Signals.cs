using System.Runtime.InteropServices;

namespace Balsam.Launcher.Cli;

/// <summary>SIGTERM to another process (.NET's Process.Kill only sends SIGKILL).</summary>
internal static partial class Signals
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Terminate(int pid) => Kill(pid, 15);
}
