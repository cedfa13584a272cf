namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// The <c>mpiexec</c> of HPE Cray PALS, on ALCF Polaris, Aurora and Sunspot:
/// <c>mpiexec -n N --ppn P --hosts h1,h2 --cpu-bind BIND --depth D --envall [--env K=V]... [launch_params] program args</c>.
/// <list type="bullet">
/// <item><c>BIND</c>: the job's <c>cpu_bind</c> launch parameter; else, when the node manager assigned cores, an explicit
/// <c>list:</c> giving each rank its own hardware threads (consecutive cores, with their hyperthread siblings at
/// <c>core + cores per node</c> when threads_per_core &gt; 1); else <c>depth</c>.</item>
/// <item><c>D</c>: the job's <c>depth</c> (or <c>d</c>) launch parameter, else threads per rank.</item>
/// <item><c>--envall</c> passes the launcher's environment on; the job's own variables follow as <c>--env K=V</c>.</item>
/// <item>Ranks start in the directory <c>mpiexec</c> is started in (<see cref="LaunchCommand.WorkingDirectory"/>).</item>
/// </list>
/// </summary>
public sealed class PalsMpiLauncher(string executable = "mpiexec", int coresPerNode = 0) : IMpiLauncher
{
    public string Name => MpiLaunchers.Pals;

    public string Executable { get; } = executable;

    /// <summary>Physical cores per node: the id distance from a core to its hyperthread sibling (Polaris 32, Aurora 104).</summary>
    public int CoresPerNode { get; } = coresPerNode;

    public LaunchCommand Build(LaunchRequest request)
    {
        LaunchRequestChecks.Validate(request, Name);
        var argv = new List<string>
        {
            Executable,
            "-n", LaunchRequestChecks.Number(request.NumRanks),
            "--ppn", LaunchRequestChecks.Number(request.RanksPerNode),
            "--hosts", string.Join(',', request.Hosts),
            "--cpu-bind", LaunchParams.TryGet(request.LaunchParams, out var bind, "cpu-bind") ? bind : CpuBindList(request),
            "--depth", LaunchParams.TryGet(request.LaunchParams, out var depth, "depth", "d")
                ? depth
                : LaunchRequestChecks.Number(request.ThreadsPerRank),
            "--envall",
        };
        foreach (var (name, value) in request.Environment)
        {
            argv.AddRange(["--env", $"{name}={value}"]);
        }

        argv.AddRange(LaunchParams.ToArguments(request.LaunchParams, "cpu-bind", "depth", "d"));
        argv.AddRange(request.Command);
        return new LaunchCommand(argv, request.Environment, request.WorkingDirectory);
    }

    /// <summary><c>list:a,b:c,d</c>, one group of hardware threads per rank, or <c>depth</c> when no cores were assigned.</summary>
    private string CpuBindList(LaunchRequest request)
    {
        if (request.CpuIds.Count == 0)
        {
            return "depth";
        }

        // Hardware threads of the assigned cores, core by core: c, c + cores, c + 2*cores, ... (threads_per_core of them).
        var siblings = CoresPerNode > 0 ? request.ThreadsPerCore : 1;
        var threads = request.CpuIds.SelectMany(core => Enumerable.Range(0, siblings).Select(k => core + k * CoresPerNode)).ToList();
        var perRank = request.ThreadsPerRank;
        if (threads.Count < perRank * request.RanksPerNode)
        {
            perRank = Math.Max(1, threads.Count / request.RanksPerNode); // fewer threads than asked: share them evenly
        }

        var groups = Enumerable.Range(0, request.RanksPerNode)
            .Select(rank => string.Join(',', Enumerable.Range(rank * perRank, perRank).Select(i => threads[i % threads.Count])));
        return "list:" + string.Join(':', groups);
    }
}
