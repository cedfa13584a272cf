namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// Open MPI's <c>mpirun</c> (4.1):
/// <c>mpirun -n N --map-by ppr:P:node --host h1:P,h2:P --bind-to none [--oversubscribe] [--allow-run-as-root]
/// [-x K=V]... -wdir D [launch_params] /absolute/program args</c>.
/// <list type="bullet">
/// <item>The program is given as an absolute path (with <c>-wdir</c>, Open MPI looks a relative name up from there).</item>
/// <item><c>--bind-to none</c>: several runs share a node under the node manager's accounting, and Open MPI would
/// otherwise bind each run's ranks to the same first cores. A job's <c>bind-to</c> launch parameter replaces it.</item>
/// <item><c>--oversubscribe</c>: the node manager, not Open MPI's core count, decides what fits on a node.</item>
/// <item><c>--allow-run-as-root</c> only when the launcher runs as root (Open MPI refuses otherwise).</item>
/// </list>
/// </summary>
public sealed class OpenMpiLauncher(string executable = "mpirun", bool oversubscribe = true, bool? runningAsRoot = null) : IMpiLauncher
{
    public string Name => MpiLaunchers.OpenMpi;

    public string Executable { get; } = executable;

    public bool Oversubscribe { get; } = oversubscribe;

    public bool RunningAsRoot { get; } = runningAsRoot ?? Environment.UserName == "root";

    public LaunchCommand Build(LaunchRequest request)
    {
        LaunchRequestChecks.Validate(request, Name);
        var perNode = LaunchRequestChecks.Number(request.RanksPerNode);
        var argv = new List<string>
        {
            Executable,
            "-n", LaunchRequestChecks.Number(request.NumRanks),
            "--map-by", $"ppr:{perNode}:node",
            "--host", string.Join(',', request.Hosts.Select(host => $"{host}:{perNode}")),
        };
        if (!LaunchParams.TryGet(request.LaunchParams, out _, "bind-to"))
        {
            argv.AddRange(["--bind-to", "none"]);
        }

        if (Oversubscribe)
        {
            argv.Add("--oversubscribe");
        }

        if (RunningAsRoot)
        {
            argv.Add("--allow-run-as-root");
        }

        foreach (var (name, value) in request.Environment)
        {
            argv.AddRange(["-x", $"{name}={value}"]);
        }

        argv.AddRange(["-wdir", request.WorkingDirectory]);
        argv.AddRange(LaunchParams.ToArguments(request.LaunchParams));
        argv.Add(ExecutableSearch.Absolute(request.Command[0], request.WorkingDirectory));
        argv.AddRange(request.Command.Skip(1));
        return new LaunchCommand(argv, request.Environment, request.WorkingDirectory);
    }
}
