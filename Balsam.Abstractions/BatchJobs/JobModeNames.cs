namespace Balsam.BatchJobs;

/// <summary>The wire and CLI names of <see cref="JobMode"/>: <c>mpi</c> and <c>serial</c>.</summary>
public static class JobModeNames
{
    public static IReadOnlyList<string> All { get; } = ["mpi", "serial"];

    public static string Name(this JobMode mode) => mode == JobMode.Serial ? "serial" : "mpi";

    public static bool TryParse(string? name, out JobMode mode)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "mpi":
                mode = JobMode.Mpi;
                return true;
            case "serial":
                mode = JobMode.Serial;
                return true;
            default:
                mode = JobMode.Mpi;
                return false;
        }
    }
}
