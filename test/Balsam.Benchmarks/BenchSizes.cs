namespace Balsam.Benchmarks;

/// <summary>
/// How much work each part does. The full run is what the README's figures describe; <c>--quick</c> keeps every
/// figure with smaller sizes (under 6 minutes on a 2-core machine); <c>--tiny</c> only proves the benchmark still runs.
/// </summary>
public sealed record BenchSizes
{
    /// <summary>`true` jobs through a serial-mode launcher.</summary>
    public int SerialJobs { get; init; } = 5_000;

    /// <summary>
    /// One-rank jobs through an mpi-mode launcher forced through mpiexec (compared with as many bare mpiexec starts).
    /// Its local starts run <see cref="SerialJobs"/> jobs, like for like with the serial run they are compared with: a
    /// shorter run weighs its fixed costs (opening the session, the first lease, the idle end) more.
    /// </summary>
    public int MpiJobs { get; init; } = 500;

    /// <summary>Jobs submitted one at a time to a waiting launcher, for dispatch and result latency.</summary>
    public int LatencySamples { get; init; } = 200;

    /// <summary><c>Run</c> app jobs: awaited one at a time, then as many again submitted at once.</summary>
    public int RunAppJobs { get; init; } = 100;

    /// <summary>Batch jobs created one at a time for the submission latency.</summary>
    public int BatchJobs { get; init; } = 20;

    /// <summary>Bulk create calls of <see cref="BulkBatch"/> jobs each.</summary>
    public int BulkRounds { get; init; } = 10;

    public int BulkBatch { get; init; } = 10_000;

    /// <summary>Jobs moved through their grains (first call, then an active job's).</summary>
    public int Transitions { get; init; } = 20_000;

    /// <summary>The large store that listing, counting, acquisition and the silo's memory are measured on.</summary>
    public int StoreJobs { get; init; } = 1_000_000;

    /// <summary>Queries timed against the large store (for percentiles).</summary>
    public int QuerySamples { get; init; } = 200;

    /// <summary>Whole <c>balsam job ls</c> processes timed.</summary>
    public int CliRuns { get; init; } = 5;

    /// <summary>Jobs bulk created through each of the REST API and the SDK (the REST part).</summary>
    public int RestJobs { get; init; } = 10_000;

    /// <summary>Listings of 100 jobs timed through each of the REST API and the SDK (for percentiles).</summary>
    public int RestSamples { get; init; } = 200;

    /// <summary>The parts to run (<c>--only serial-mode,large-store</c>); empty runs every part.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    /// <summary>Whether the part of this name (e.g. "large store", asked for as <c>large-store</c>) runs.</summary>
    public bool Runs(string part) => Only.Count == 0 || Only.Contains(part.Replace(' ', '-').ToLowerInvariant());

    public static BenchSizes Full { get; } = new();

    public static BenchSizes Quick { get; } = new()
    {
        SerialJobs = 1_500, MpiJobs = 200, LatencySamples = 60, RunAppJobs = 100, BatchJobs = 5, BulkRounds = 5, Transitions = 5_000,
        StoreJobs = 200_000, QuerySamples = 60, CliRuns = 3, RestJobs = 5_000, RestSamples = 60,
    };

    public static BenchSizes Tiny { get; } = new()
    {
        SerialJobs = 30, MpiJobs = 10, LatencySamples = 3, RunAppJobs = 2, BatchJobs = 1, BulkRounds = 2, BulkBatch = 1_000, Transitions = 100,
        StoreJobs = 2_000, QuerySamples = 5, CliRuns = 1, RestJobs = 1_000, RestSamples = 5,
    };

    /// <summary><c>--quick</c>, <c>--tiny</c> (smallest), <c>--store-jobs N</c> for the large store's size, <c>--only</c> parts.</summary>
    public static BenchSizes Parse(IReadOnlyList<string> args)
    {
        var sizes = args.Contains("--tiny") ? Tiny : args.Contains("--quick") ? Quick : Full;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick" or "--tiny":
                    break;
                case "--store-jobs" or "--jobs" when i + 1 < args.Count && int.TryParse(args[i + 1], out var store) && store >= 1_000:
                    sizes = sizes with { StoreJobs = store };
                    i++;
                    break;
                case "--only" when i + 1 < args.Count:
                    sizes = sizes with { Only = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() };
                    i++;
                    break;
                default:
                    throw new ArgumentException(
                        $"unknown or invalid argument '{args[i]}': use --quick, --tiny, --store-jobs N (N >= 1000), --only PART[,PART]"
                        + " (serial-mode, mpi-mode, latency, run-apps, batch-jobs, bulk-create, large-store, rest)");
            }
        }

        return sizes;
    }
}
