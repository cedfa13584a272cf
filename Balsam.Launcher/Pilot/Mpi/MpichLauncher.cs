namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// MPICH's Hydra <c>mpiexec</c> (MPICH 4.0):
/// <c>mpiexec -n N -ppn P --hosts h1,h2 [-env K V]... -wdir D [launch_params] program args</c>.
/// Only the job's own variables go through <c>-env</c> (Hydra passes the rest of the launcher's environment on by
/// itself), so the line stays short and values need no quoting. No CPU binding unless launch_params ask for it.
/// </summary>
public sealed class MpichLauncher(string executable = "mpiexec") : IMpiLauncher
{
    public string Name => MpiLaunchers.Mpich;

    public string Executable { get; } = executable;

    public LaunchCommand Build(LaunchRequest request)
    {
        LaunchRequestChecks.Validate(request, Name);
        var argv = new List<string>
        {
            Executable,
            "-n", LaunchRequestChecks.Number(request.NumRanks),
            "-ppn", LaunchRequestChecks.Number(request.RanksPerNode),
            "--hosts", string.Join(',', request.Hosts),
        };
        foreach (var (name, value) in request.Environment)
        {
            argv.AddRange(["-env", name, value]);
        }

        argv.AddRange(["-wdir", request.WorkingDirectory]);
        argv.AddRange(LaunchParams.ToArguments(request.LaunchParams));
        argv.AddRange(request.Command);
        return new LaunchCommand(argv, request.Environment, request.WorkingDirectory);
    }
}
