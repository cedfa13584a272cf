namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// The launchers by their <c>settings.yml</c> names (<c>launcher.mpi_app_launcher</c>, <c>launcher.local_app_launcher</c>).
/// </summary>
public static class MpiLaunchers
{
    /// <summary>MPICH's Hydra <c>mpiexec</c>: generic Linux, macOS, clusters with MPICH.</summary>
    public const string Mpich = "mpich";

    /// <summary>Open MPI's <c>mpirun</c>.</summary>
    public const string OpenMpi = "openmpi";

    /// <summary>Slurm's <c>srun</c>: NERSC Perlmutter and Slurm clusters.</summary>
    public const string Slurm = "slurm";

    /// <summary>HPE Cray PALS <c>mpiexec</c>: ALCF Polaris, Aurora, Sunspot.</summary>
    public const string Pals = "pals";

    /// <summary>No MPI: one local process per job (serial mode).</summary>
    public const string Local = "local";

    public static IReadOnlyList<string> Names { get; } = [Mpich, OpenMpi, Slurm, Pals, Local];

    /// <summary>What each name is, for help texts and error messages.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [Mpich] = "MPICH mpiexec (Hydra): -n -ppn --hosts -env -wdir",
        [OpenMpi] = "Open MPI mpirun: -n --map-by ppr:P:node --host h:P -x -wdir",
        [Slurm] = "Slurm srun: -n --ntasks-per-node --nodelist --export=ALL",
        [Pals] = "HPE Cray PALS mpiexec (ALCF Polaris/Aurora/Sunspot): --ppn --cpu-bind --depth --env",
        [Local] = "no MPI: the program as a local process (single-rank jobs)",
    };

    /// <summary>
    /// The launcher named <paramref name="name"/>. <paramref name="executable"/> null: the usual program for it
    /// (for MPICH <c>mpiexec.mpich</c> when installed beside another MPI, else <c>mpiexec</c>; for Open MPI
    /// <c>mpirun.openmpi</c>, else <c>mpirun</c>).
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="executable">The launcher program (<c>launcher.mpi_executable</c>), or null.</param>
    /// <param name="coresPerNode">Cores of one compute node (used for hyperthread siblings in CPU binding lists).</param>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static IMpiLauncher Create(string name, string? executable = null, int coresPerNode = 0) => name switch
    {
        Mpich => new MpichLauncher(executable ?? ExecutableSearch.FirstFound("mpiexec.mpich", "mpiexec.hydra", "mpiexec")),
        OpenMpi => new OpenMpiLauncher(executable ?? ExecutableSearch.FirstFound("mpirun.openmpi", "mpirun")),
        Slurm => new SlurmLauncher(executable ?? "srun"),
        Pals => new PalsMpiLauncher(executable ?? "mpiexec", coresPerNode),
        Local => new LocalLauncher(),
        _ => throw new ArgumentException($"unknown launcher '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };
}
