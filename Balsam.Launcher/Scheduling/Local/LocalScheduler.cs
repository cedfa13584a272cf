using System.Diagnostics;
using System.Globalization;
using Balsam.BatchJobs;
using Balsam.Launcher.Cli;
using Balsam.Sites;

namespace Balsam.Launcher.Scheduling.Local;

/// <summary>
/// No batch scheduler (SPEC §4): a batch job's script runs as a background process on this machine, in its own session
/// so it outlives the site agent. Its id is the process id; a <c>.pid</c> file beside the script (pid and kernel start
/// time) lets a restarted agent find it again and never mistake a reused pid for it. Only these processes are listed,
/// unlike Balsam, which reported every process of the user as a batch job; one that has ended is listed as finished
/// until its log is read.
/// </summary>
public sealed class LocalScheduler(string submitFolder) : IBatchScheduler
{
    public const string QueueName = "local";

    /// <summary>
    /// How long a deleted batch job has between SIGTERM and SIGKILL: longer than its launcher's own grace for its runs
    /// (10 s), so the launcher reports them as RUN_TIMEOUT before it is killed.
    /// </summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(30);

    private readonly HashSet<int> _terminating = [];

    public string Name => "local";

    public Task<long> SubmitAsync(SchedulerSubmission submission, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = Path.GetDirectoryName(submission.ScriptPath)!,
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])["/bin/sh", "-c", "exec /bin/bash \"$0\" >\"$0.output\" 2>&1 </dev/null", submission.ScriptPath])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in submission.Environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SchedulerException("the batch-job script could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SchedulerException($"the batch-job script could not be started: {e.Message}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var pid = process.Id;
            var started = ProcessStartTicks(pid) ?? 0;
            File.WriteAllText(PidFile(submission.ScriptPath), string.Create(CultureInfo.InvariantCulture, $"{pid} {started}\n"));
            _ = process.WaitForExitAsync(CancellationToken.None); // reaps the process when it ends
            return Task.FromResult((long)pid);
        }
    }

    public Task<IReadOnlyDictionary<long, SchedulerJobStatus>> GetStatusesAsync(CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<long, SchedulerJobStatus>();
        if (Directory.Exists(submitFolder))
        {
            foreach (var file in Directory.EnumerateFiles(submitFolder, "*.pid"))
            {
                if (ReadPidFile(file) is { } entry)
                {
                    var alive = IsAlive(entry.Pid, entry.StartTicks);
                    statuses[entry.Pid] = new SchedulerJobStatus
                    {
                        SchedulerId = entry.Pid,
                        State = alive ? BatchJobState.Running : BatchJobState.Finished,
                        Queue = QueueName,
                        Project = QueueName,
                        NumNodes = 1,
                        SchedulerState = alive ? "running (local process)" : "ended (local process)",
                    };
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<long, SchedulerJobStatus>>(statuses);
    }

    public Task DeleteAsync(long schedulerId, CancellationToken cancellationToken)
    {
        var pid = checked((int)schedulerId);
        var started = ProcessStartTicks(pid);
        lock (_terminating)
        {
            if (started is null || !_terminating.Add(pid))
            {
                return Task.CompletedTask; // gone already, or being ended
            }
        }

        Signals.TerminateGroup(pid);
        _ = Task.Run(async () =>
        {
            await Task.Delay(TerminationGrace, CancellationToken.None);
            if (ProcessStartTicks(pid) == started)
            {
                Signals.KillGroup(pid);
            }

            lock (_terminating)
            {
                _terminating.Remove(pid);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, List<BackfillWindow>>> GetBackfillWindowsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, List<BackfillWindow>>>(new Dictionary<string, List<BackfillWindow>>());

    public Task<SchedulerJobLog> GetLogAsync(long schedulerId, string scriptPath, CancellationToken cancellationToken)
    {
        var pidFile = PidFile(scriptPath);
        var output = scriptPath + ".output";
        DateTimeOffset? start = File.Exists(pidFile) ? File.GetLastWriteTimeUtc(pidFile) : null;
        DateTimeOffset? end = File.Exists(output) ? File.GetLastWriteTimeUtc(output) : null;
        if (start is not null && ReadPidFile(pidFile) is { } entry && !IsAlive(entry.Pid, entry.StartTicks))
        {
            File.Delete(pidFile); // read once the batch job has ended: it is no longer listed
        }

        return Task.FromResult(new SchedulerJobLog(start, end));
    }

    private static string PidFile(string scriptPath) => scriptPath + ".pid";

    private static (int Pid, long StartTicks)? ReadPidFile(string file)
    {
        var parts = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ticks) ? (pid, ticks) : null;
    }

    private static bool IsAlive(int pid, long startTicks) => ProcessStartTicks(pid) is { } ticks && (startTicks == 0 || ticks == startTicks);

    /// <summary>Field 22 of /proc/PID/stat (start time in clock ticks since boot); null when gone or a zombie.</summary>
    private static long? ProcessStartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
