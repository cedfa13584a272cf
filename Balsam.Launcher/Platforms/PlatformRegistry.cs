using Balsam.Launcher.Settings;

namespace Balsam.Launcher.Platforms;

/// <summary>The platforms <c>balsam site init</c> can start a site from (DESIGN §6, SPEC §9).</summary>
public static class PlatformRegistry
{
    public static IReadOnlyList<IPlatform> All { get; } =
    [
        new EmbeddedPlatform("linux", "Generic Linux machine without a batch scheduler (jobs run here; MPICH mpiexec)"),
        new EmbeddedPlatform("macos", "macOS laptop or workstation without a batch scheduler (MPICH mpiexec)"),
        new EmbeddedPlatform("slurm", "Generic Slurm cluster (sbatch; jobs started with srun)"),
        new EmbeddedPlatform("pbs", "Generic PBS Pro / OpenPBS cluster (qsub; jobs started with MPICH mpiexec)"),
        new EmbeddedPlatform("polaris", "ALCF Polaris (PBS; 32 cores and 4 NVIDIA A100 per node; PALS mpiexec)"),
        new EmbeddedPlatform("aurora", "ALCF Aurora (PBS; 104 cores and 6 Intel GPUs = 12 tiles per node; PALS mpiexec)"),
        new EmbeddedPlatform("sunspot", "ALCF Sunspot, Aurora's test system (PBS; 104 cores and 12 GPU tiles per node)"),
        new EmbeddedPlatform("perlmutter-cpu", "NERSC Perlmutter CPU nodes (Slurm; 128 cores per node; srun)"),
        new EmbeddedPlatform("perlmutter-gpu", "NERSC Perlmutter GPU nodes (Slurm; 64 cores and 4 NVIDIA A100 per node; srun)"),
    ];

    /// <summary>The platform for a plain Linux machine, the default of <c>balsam site init</c>.</summary>
    public static IPlatform Default => All[0];

    public static IReadOnlyList<string> Names => All.Select(p => p.Name).ToArray();

    /// <summary>The platform of that name (case-insensitive), or null.</summary>
    public static IPlatform? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The platform of that name.</summary>
    /// <exception cref="ArgumentException">No such platform; the message lists them and suggests the closest.</exception>
    public static IPlatform Get(string name) =>
        Find(name) ?? throw new ArgumentException(
            $"unknown platform '{name}'" +
            (KeySuggestions.Closest(name, Names) is { } closest ? $"; did you mean '{closest}'?" : "") +
            $" (platforms: {string.Join(", ", Names)})", nameof(name));
}
