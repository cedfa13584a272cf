namespace Balsam.Launcher.Pilot.Spawn;

/// <summary>How a process ended: its exit code as a shell reports it (128 + the signal when a signal ended it), and the signal.</summary>
internal readonly record struct ProcessExit(int Code, int Signal)
{
    private const int Kill = 9;

    /// <summary>SIGKILL ended it (the launcher's forced stop, or the kernel's): it could not finish or clean up.</summary>
    public bool KilledOutright => Signal == Kill;

    /// <summary>The exit described by a <c>waitpid</c> status.</summary>
    public static ProcessExit FromWaitStatus(int status)
    {
        var signal = status & 0x7f;
        return new ProcessExit(signal == 0 ? (status >> 8) & 0xff : 128 + signal, signal);
    }
}
