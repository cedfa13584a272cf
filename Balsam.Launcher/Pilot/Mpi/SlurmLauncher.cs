namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// Slurm's <c>srun</c>, inside the batch job's allocation:
/// <c>srun -n N --ntasks-per-node P --nodes n --nodelist h1,h2 --cpus-per-task T [--gpus-per-task G] --overlap
/// --export=ALL --chdir D [launch_params] program args</c>.
/// <list type="bullet">
/// <item>The job's variables are set on the <c>srun</c> process and passed on by <c>--export=ALL</c> (no list of
/// values on the command line, so a comma in a value cannot split it).</item>
/// <item><c>--cpus-per-task</c> is the job's threads per rank (a <c>cpus-per-task</c> launch parameter replaces it).</item>
/// <item><c>--gpus-per-task</c> only for a whole number of GPUs per rank; fractional GPUs are shared through the
/// visible-devices variable that the node manager's GPU ids fill in.</item>
/// <item><c>--overlap</c>: several steps may share a node; the node manager does the accounting.</item>
/// </list>
/// </summary>
public sealed class SlurmLauncher(string executable = "srun") : IMpiLauncher
{
    public string Name => MpiLaunchers.Slurm;

    public string Executable { get; } = executable;

    public LaunchCommand Build(LaunchRequest request)
    {
        LaunchRequestChecks.Validate(request, Name);
        var argv = new List<string>
        {
            Executable,
            "-n", LaunchRequestChecks.Number(request.NumRanks),
            "--ntasks-per-node", LaunchRequestChecks.Number(request.RanksPerNode),
            "--nodes", LaunchRequestChecks.Number(request.NumNodes),
            "--nodelist", string.Join(',', request.Hosts),
        };
        if (!LaunchParams.TryGet(request.LaunchParams, out _, "cpus-per-task", "c"))
        {
            argv.AddRange(["--cpus-per-task", LaunchRequestChecks.Number(request.ThreadsPerRank)]);
        }

        var wholeGpus = Math.Round(request.GpusPerRank);
        if (request.GpusPerRank >= 1 && Math.Abs(request.GpusPerRank - wholeGpus) < 1e-9
            && !LaunchParams.TryGet(request.LaunchParams, out _, "gpus-per-task"))
        {
            argv.AddRange(["--gpus-per-task", LaunchRequestChecks.Number((int)wholeGpus)]);
        }

        argv.AddRange(["--overlap", "--export=ALL", "--chdir", request.WorkingDirectory]);
        argv.AddRange(LaunchParams.ToArguments(request.LaunchParams));
        argv.AddRange(request.Command);
        return new LaunchCommand(argv, request.Environment, request.WorkingDirectory);
    }
}
