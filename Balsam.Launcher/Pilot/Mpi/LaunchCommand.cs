using System.Diagnostics;
using Balsam.Launcher.Pilot.Shell;

namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// A ready-to-start process: an argv (never a shell string, so no value can be re-interpreted by a shell), the
/// variables to add to the launcher's environment, and the directory to start in.
/// </summary>
public sealed record LaunchCommand(
    IReadOnlyList<string> Argv,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory)
{
    /// <summary>The argv as one shell-quoted line, for logs and for people to copy.</summary>
    public string ToShellLine() => ShellQuoting.Join(Argv);

    /// <summary>Start information with <see cref="Argv"/> as the argument list (no shell) and the environment added.</summary>
    public ProcessStartInfo CreateStartInfo()
    {
        var start = new ProcessStartInfo(Argv[0])
        {
            WorkingDirectory = WorkingDirectory,
            UseShellExecute = false,
        };
        foreach (var argument in Argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public override string ToString() => ToShellLine();
}
