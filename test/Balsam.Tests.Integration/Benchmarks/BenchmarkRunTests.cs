using System.Diagnostics;
using System.Text.RegularExpressions;
using Balsam.Tests.Integration.Cli;

namespace Balsam.Tests.Integration.Benchmarks;

/// <summary>
/// The benchmark stays out of CI's pass/fail, but it must keep running: <c>--quick --tiny</c> runs every part with the
/// smallest sizes and must print one numeric BENCH line per figure and exit cleanly (cleanup included).
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class BenchmarkRunTests
{
    private static readonly string[] Figures =
    [
        "e2e_serial_jobs_per_s", "e2e_serial_ratio", "service_cpu_ms_per_job", "launcher_cpu_ms_per_job",
        "bulk_create_jobs_per_s", "bulk_create_ratio", "acquire_1m_p50_ms", "count_1m_ms", "list_1m_p50_ms", "list_1m_p99_ms",
        "cli_list_ms", "dispatch_p50_ms", "dispatch_p99_ms", "result_p50_ms", "runapp_roundtrip_p50_ms", "runapp_jobs_per_s",
        "mpi_local_jobs_per_s", "mpi_mpiexec_ratio", "silo_rss_1m_mb",
        "rest_bulk_create_jobs_per_s", "rest_list_100_p50_ms", "rest_list_100_p99_ms", "rest_acquire_100_ms",
    ];

    [TestMethod]
    public async Task TheQuickBenchmarkWithTinySizesPrintsEveryFigureAsANumber()
    {
        var info = new ProcessStartInfo(BalsamCliRunner.DotnetHost())
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var argument in (string[])[BenchmarkAssembly(), "--quick", "--tiny"])
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the benchmark did not end within 3 minutes:{Environment.NewLine}{await output}{await error}");
        }

        var stdout = await output;
        var stderr = await error;
        var context = $"exit {process.ExitCode} after {clock.Elapsed.TotalSeconds:F0} s{Environment.NewLine}{stdout}{Environment.NewLine}{stderr}";
        Assert.AreEqual(0, process.ExitCode, context);
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith("BENCH ", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(Figures, lines.Select(l => l.Split(' ')[1]).ToList(), $"one BENCH line per figure, in order: {context}");
        foreach (var line in lines)
        {
            StringAssert.Matches(line, new Regex(@"^BENCH [a-z0-9_]+ -?[0-9]+(\.[0-9]+)? \S+ limit=\S+ ratio=\S+$"), $"a measured number in '{line}': {context}");
        }

        Assert.IsFalse(stderr.Contains("(left ", StringComparison.Ordinal), $"every folder was removed: {context}");
    }

    /// <summary><c>test/Balsam.Benchmarks/bin/{Configuration}/{tfm}/Balsam.Benchmarks.dll</c>, built with the tests' configuration.</summary>
    private static string BenchmarkAssembly()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testBin.Name, testBin.Parent!.Name);
        for (var folder = testBin; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "test", "Balsam.Benchmarks", "bin", configuration, framework, "Balsam.Benchmarks.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Balsam.Benchmarks.dll ({configuration}, {framework}) was not found above {testBin.FullName}: build Balsam.sln first.");
    }
}
