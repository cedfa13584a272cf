using System.Globalization;

namespace Balsam.Client.Apps;

/// <summary>
/// Which MPI rank a <c>Run</c> app's process is, and how many ranks its job has, read from the variables the MPI
/// launcher sets: <c>PMI_RANK</c>/<c>PMI_SIZE</c> (MPICH, Cray PMI), <c>OMPI_COMM_WORLD_RANK</c>/<c>OMPI_COMM_WORLD_SIZE</c>
/// (Open MPI), <c>PMIX_RANK</c>, <c>SLURM_PROCID</c>/<c>SLURM_NTASKS</c> (srun) and <c>PALS_RANKID</c> (PALS), in that
/// order. A process started without MPI (a single-rank job) is rank 0 of 1.
/// </summary>
/// <param name="Rank">This process's rank, from 0.</param>
/// <param name="Size">How many ranks the job has; 0 when the launcher set a rank but no size.</param>
public sealed record RankInfo(int Rank, int Size)
{
    private static readonly (string Rank, string[] Size)[] Sources =
    [
        ("PMI_RANK", ["PMI_SIZE"]),
        ("OMPI_COMM_WORLD_RANK", ["OMPI_COMM_WORLD_SIZE"]),
        ("PMIX_RANK", ["PMIX_SIZE", "OMPI_COMM_WORLD_SIZE", "PMI_SIZE"]),
        ("SLURM_PROCID", ["SLURM_NTASKS", "SLURM_NPROCS"]),
        ("PALS_RANKID", ["PALS_SIZE", "PMI_SIZE"]),
    ];

    /// <summary>A process outside MPI: rank 0 of 1.</summary>
    public static RankInfo Single { get; } = new(0, 1);

    /// <summary>Whether this is rank 0, the rank whose <c>Run</c> return value (or exception) becomes the job's result.</summary>
    public bool IsRankZero => Rank == 0;

    /// <summary>The rank and size of this process, from its environment.</summary>
    /// <returns>The rank and size, or <see cref="Single"/> outside MPI.</returns>
    public static RankInfo FromEnvironment() => Parse(Environment.GetEnvironmentVariable);

    /// <summary>The rank and size that a set of environment variables describes (the first rank variable found wins).</summary>
    /// <param name="variable">Looks up one variable; null when it is not set.</param>
    /// <returns>The rank and size, or <see cref="Single"/> when no rank variable is set.</returns>
    /// <exception cref="FormatException">A rank or size variable is set but is not a non-negative integer.</exception>
    public static RankInfo Parse(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        foreach (var (rankName, sizeNames) in Sources)
        {
            if (variable(rankName) is not { } rankText)
            {
                continue;
            }

            var rank = Number(rankName, rankText);
            var size = sizeNames.Select(name => (name, value: variable(name))).FirstOrDefault(s => s.value is not null) is { value: { } sizeText } found
                ? Number(found.name, sizeText)
                : 0;
            return new RankInfo(rank, size);
        }

        return Single;
    }

    private static int Number(string name, string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{name}={text} is not a rank or size (a non-negative integer)");
}
