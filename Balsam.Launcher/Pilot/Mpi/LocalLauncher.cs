namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// No MPI: the program itself, one process on the launcher's own node (serial mode and single-rank jobs). The job's
/// variables are added to the process environment. A job's launch_params are options for an MPI launcher and are not
/// used here (as in Balsam's LocalAppRun).
/// </summary>
public sealed class LocalLauncher : IMpiLauncher
{
    public string Name => MpiLaunchers.Local;

    public LaunchCommand Build(LaunchRequest request)
    {
        LaunchRequestChecks.Validate(request, Name);
        if (request.NumRanks != 1)
        {
            throw new ArgumentException(
                $"local launcher: runs one rank on one node; this job has {request.NumRanks} ranks on {request.NumNodes} node(s) " +
                "(use an MPI launcher: launcher.mpi_app_launcher)", nameof(request));
        }

        return new LaunchCommand(request.Command.ToArray(), request.Environment, request.WorkingDirectory);
    }
}
