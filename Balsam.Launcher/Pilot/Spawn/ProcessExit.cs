namespace Balsam.Launcher.Pilot.Spawn;

/// <summary>How a process ended: its exit code as a shell reports it (128 + the signal when a signal ended it), and the signal.</summary>
internal readonly record struct ProcessExit(int Code, int Signal, bool CoreDumped = false)
{
    private const int Interrupt = 2;
    private const int Kill = 9;
    private const int BrokenPipe = 13;

    /// <summary>SIGKILL ended it (the launcher's forced stop, or the kernel's): it could not finish or clean up.</summary>
    public bool KilledOutright => Signal == Kill;

    /// <summary>
    /// What a shell prints when a job it waited for died of a signal, as dash does (<c>Segmentation fault (core
    /// dumped)</c>, <c>Killed</c>): nothing for an exit, an interrupt or a broken pipe.
    /// </summary>
    public string? ShellNotice => Signal is 0 or Interrupt or BrokenPipe ? null
        : $"{LibC.SignalDescription(Signal)}{(CoreDumped ? " (core dumped)" : "")}";

    /// <summary>The exit described by a <c>waitpid</c> status.</summary>
    public static ProcessExit FromWaitStatus(int status)
    {
        var signal = status & 0x7f;
        return new ProcessExit(signal == 0 ? (status >> 8) & 0xff : 128 + signal, signal, signal != 0 && (status & 0x80) != 0);
    }
}
