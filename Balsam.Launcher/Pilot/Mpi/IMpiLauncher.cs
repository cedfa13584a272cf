namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// Builds the command that starts one job's ranks on the hosts it was placed on, for one launcher program
/// (<c>mpiexec</c>, <c>mpirun</c>, <c>srun</c>, ..., or none for a local single-rank run). Pure: nothing is started.
/// The settings name (<c>launcher.mpi_app_launcher</c>) of each implementation is in <see cref="MpiLaunchers"/>.
/// </summary>
public interface IMpiLauncher
{
    /// <summary>The name used in <c>settings.yml</c>, e.g. <c>mpich</c>.</summary>
    string Name { get; }

    /// <exception cref="ArgumentException">The request cannot be expressed (e.g. several ranks for the local launcher,
    /// or a malformed launch parameter); the message says why.</exception>
    LaunchCommand Build(LaunchRequest request);
}
