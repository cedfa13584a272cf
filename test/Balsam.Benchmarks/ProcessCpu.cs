using System.Globalization;

namespace Balsam.Benchmarks;

/// <summary>
/// CPU time of processes from <c>/proc/PID/stat</c> (utime, stime and the waited-for children's cutime, cstime), in
/// milliseconds. Linux only, as the benchmark is.
/// </summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux the project supports

    /// <summary>The process's own CPU time; with <paramref name="children"/>, also that of its ended, waited-for children.</summary>
    public static double Milliseconds(int pid, bool children = false)
    {
        var fields = Fields(pid);
        if (fields is null)
        {
            return 0;
        }

        var ticks = Tick(fields, 14) + Tick(fields, 15) + (children ? Tick(fields, 16) + Tick(fields, 17) : 0);
        return ticks * 1000 / TicksPerSecond;
    }

    /// <summary>
    /// The CPU time of a PostgreSQL server: the postmaster with its ended backends, and every live backend. Backends
    /// that end in between move their time into the postmaster's, so the sum only grows.
    /// </summary>
    public static double PostgresMilliseconds(string dataDirectory)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        return Milliseconds(postmaster, children: true) + LiveChildren(postmaster).Sum(child => child.Milliseconds);
    }

    /// <summary>
    /// CPU time of this process's live children whose last argument is <paramref name="name"/>: a helper that lives as
    /// long as the process (the launcher's job guard, <c>balsam-job-guard</c>) is never waited for, so its time is in
    /// no cutime.
    /// </summary>
    public static double LiveChildrenMilliseconds(string name) =>
        LiveChildren(Environment.ProcessId).Where(child => LastArgument(child.Pid) == name).Sum(child => child.Milliseconds);

    /// <summary>The live children of <paramref name="parent"/>, each with its own CPU time so far (ms).</summary>
    private static IEnumerable<(int Pid, double Milliseconds)> LiveChildren(int parent)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && Fields(pid) is { } fields && Tick(fields, 4) == parent)
            {
                yield return (pid, (Tick(fields, 14) + Tick(fields, 15)) * 1000 / TicksPerSecond);
            }
        }
    }

    private static string? LastArgument(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Resident memory of a process in MiB (VmRSS).</summary>
    public static double ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The fields of <c>/proc/PID/stat</c>, numbered as in proc(5) (1 is the pid); null when the process is gone.</summary>
    private static string[]? Fields(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: split after its closing one.
        var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return ["", "", "", .. rest];
    }

    private static long Tick(string[] fields, int number) => long.Parse(fields[number], CultureInfo.InvariantCulture);
}
