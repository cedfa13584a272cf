namespace Balsam.Launcher.Pilot.Spawn;

/// <summary>
/// How a <see cref="SessionProcess"/> starts: which file it executes, and its standard streams. By default its standard input is a pipe whose only
/// write end the launcher holds (a job shell's watchdog, or the <see cref="JobGroupGuard"/>, waits on it) and its
/// output is the launcher's; a job started without a job shell reads <c>/dev/null</c> and writes its output file.
/// </summary>
internal sealed record SpawnOptions
{
    /// <summary>Standard input from the launcher's pipe, output to the launcher's own.</summary>
    public static SpawnOptions LauncherPipe { get; } = new();

    /// <summary>The file executed, when it is not the argv's first word (which the process then sees as given, as from a shell).</summary>
    public string? Program { get; init; }

    /// <summary>When set: standard output and error go to this file (truncated), and standard input is <c>/dev/null</c>.</summary>
    public string? OutputFile { get; init; }

    /// <summary>
    /// Whether the <see cref="JobGroupGuard"/> kills the process's group if the launcher dies: the process inherits the
    /// guard's marker, and its group is named to the guard from its start until its leader's exit has been collected.
    /// </summary>
    public bool Guarded { get; init; }

    /// <summary>Whether the process gets only the command's variables, none of the launcher's.</summary>
    public bool OwnEnvironmentOnly { get; init; }

    /// <summary>Whether the launcher keeps a read end of the standard-input pipe (<see cref="SessionProcess.PipeReadEnd"/>).</summary>
    public bool KeepPipeReadEnd { get; init; }
}
