using Balsam.Benchmarks;

// Balsam.NET benchmarks: every figure of issue 14, each beside the physical limit measured in the same run (or the bar
// where there is none), ending with one "BENCH name value unit limit=L ratio=R" line per figure.
// Run: dotnet run -c Release --project test/Balsam.Benchmarks [-- --quick | --tiny] [--store-jobs N] [--only PART,...]
BenchSizes sizes;
try
{
    sizes = BenchSizes.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Balsam.Benchmarks: {e.Message}");
    return 2;
}

Sections.Sizes = sizes;
var report = new Report();
string[] mainParts = ["serial mode", "mpi mode", "latency", "Run apps", "batch jobs", "bulk create", "large store"];
if (mainParts.Any(sizes.Runs))
{
    await using var cluster = await BenchmarkCluster.StartAsync();
    var launchers = new LauncherBenchmarks(cluster, report, sizes);
    await Sections.RunAsync(report, "serial mode", ["e2e_serial_jobs_per_s", "e2e_serial_ratio", "service_cpu_ms_per_job", "launcher_cpu_ms_per_job"],
        launchers.SerialAsync);
    await Sections.RunAsync(report, "mpi mode", ["mpi_local_jobs_per_s", "mpi_mpiexec_ratio"], launchers.MpiAsync);
    await Sections.RunAsync(report, "latency", ["dispatch_p50_ms", "dispatch_p99_ms", "result_p50_ms"],
        () => new LatencyBenchmarks(cluster, report, sizes).RunAsync());
    await Sections.RunAsync(report, "Run apps", ["runapp_roundtrip_p50_ms", "runapp_jobs_per_s"],
        () => launchers.MpiJobsPerSecond is { } mpiRate
            ? new RunAppBenchmarks(cluster, report, sizes).RunAsync(mpiRate, "mpi mode's command-app jobs/s")
            : new RunAppBenchmarks(cluster, report, sizes).RunAsync(launchers.SerialJobsPerSecond, "serial mode's command-app jobs/s (mpi mode not run)"));
    await Sections.RunAsync(report, "batch jobs", [], () => new BatchJobBenchmarks(cluster, report).RunAsync(sizes.BatchJobs));
    await Sections.RunAsync(report, "bulk create", ["bulk_create_jobs_per_s", "bulk_create_ratio"],
        () => new JobStoreBenchmarks(cluster, report, sizes).RunAsync());
    await Sections.RunAsync(report, "large store", ["list_1m_p50_ms", "list_1m_p99_ms", "count_1m_ms", "acquire_1m_p50_ms", "cli_list_ms", "silo_rss_1m_mb"],
        () => new LargeStoreBenchmarks(cluster, report, sizes).RunAsync());
}

// Its own silo, with the dashboard on: the main one runs none, so the dashboard's statistics cost the figures above nothing.
await Sections.RunAsync(report, "rest", ["rest_bulk_create_jobs_per_s", "rest_list_100_p50_ms", "rest_list_100_p99_ms", "rest_acquire_100_ms"],
    () => new RestBenchmarks(report, sizes).RunAsync());

report.Print(Console.Out);
return 0;
