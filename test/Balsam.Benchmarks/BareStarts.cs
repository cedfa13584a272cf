using System.Diagnostics;

namespace Balsam.Benchmarks;

/// <summary>Process starts with no service around them, as many at a time as the launcher runs: the physical limits.</summary>
public static class BareStarts
{
    /// <summary>Starts per second of <paramref name="program"/> with <paramref name="arguments"/>, and the CPU ms each cost (this process and the started trees).</summary>
    public static (double PerSecond, double CpuMsEach) Measure(int count, string program, params string[] arguments)
    {
        var cpu0 = ProcessCpu.Milliseconds(Environment.ProcessId, children: true);
        var clock = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ =>
        {
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        });
        var seconds = clock.Elapsed.TotalSeconds;
        return (count / seconds, (ProcessCpu.Milliseconds(Environment.ProcessId, children: true) - cpu0) / count);
    }

    /// <summary>
    /// What the launcher starts for a job of <c>true</c> without a preamble: the line's own bash (<c>true</c> is a shell
    /// built-in, so the line keeps its shell), started alone, without the new session it leads.
    /// </summary>
    public static (double PerSecond, double CpuMsEach) LauncherTree(int count) => Measure(count, "/bin/bash", "-c", "true");
}
