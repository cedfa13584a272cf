using Balsam.Benchmarks;

// Balsam.NET benchmarks: each number is printed with the physical limit measured in the same run and their ratio.
// Run: dotnet run -c Release --project test/Balsam.Benchmarks [-- --jobs 100000]
var runnable = args.SkipWhile(a => a != "--jobs").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
await using var cluster = await BenchmarkCluster.StartAsync();
var report = new Report();
await new LauncherBenchmarks(cluster, report).RunAsync(600, cluster.Gateway);
await new BatchJobBenchmarks(report).RunAsync(20, cluster.Gateway);
await new JobStoreBenchmarks(cluster, report).RunAsync(runnable);
report.Print();
