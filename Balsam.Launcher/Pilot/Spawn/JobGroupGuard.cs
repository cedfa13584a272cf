using System.Text;
using Balsam.Launcher.Pilot.Mpi;

namespace Balsam.Launcher.Pilot.Spawn;

/// <summary>
/// One small shell per launcher process that kills the process groups of the launcher's jobs when the launcher dies,
/// even by SIGKILL. It reads the launcher's end of a pipe, which closes only when the launcher ends. A job started without
/// a job shell has no watchdog of its own, so it is guarded here: the launcher names each job's group when the job starts
/// (<see cref="Watch"/>) and again when it has ended (<see cref="Forget"/>). A job started in the instant before its name
/// arrives is still found: every guarded job inherits a read end of the guard's pipe at <see cref="MarkerFd"/>, and the
/// guard looks for the processes that hold one.
/// </summary>
internal static class JobGroupGuard
{
    /// <summary>
    /// The descriptor a guarded job holds the guard's pipe at: high and odd, away from the small numbers scripts
    /// redirect (3-9), the 200 of the <c>flock</c> idiom and the 255 bash keeps its script on.
    /// </summary>
    public const int MarkerFd = 237;

    /// <summary>
    /// The guard: it ignores the signals a stop or a terminal sends, keeps the named groups, and at the end of its input
    /// kills them and every process group (or process) that holds its pipe at the marker descriptor.
    /// </summary>
    public static readonly string Script = string.Join('\n',
        "trap '' TERM INT HUP",
        "groups=' '",
        "while read -r change group; do",
        "  case $change in",
        "    +) groups=\"$groups$group \" ;;",
        "    -) case $groups in *\" $group \"*) groups=\"${groups%% $group *} ${groups#* $group }\" ;; esac ;;",
        "  esac",
        "done",
        "for group in $groups; do kill -KILL -\"$group\" 2>/dev/null; done",
        $"for fd in /proc/[0-9]*/fd/{MarkerFd}; do",
        "  pid=${fd#/proc/}; pid=${pid%%/*}",
        "  if [ \"$pid\" != $$ ] && [ \"$fd\" -ef /proc/$$/fd/0 ]; then kill -KILL -\"$pid\" 2>/dev/null || kill -KILL \"$pid\" 2>/dev/null; fi",
        "done");

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Watched = [];
    private static SessionProcess? _shell;

    /// <summary>What a guarded job inherits at <see cref="MarkerFd"/> (the guard starts on first use).</summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle Marker
    {
        get
        {
            lock (Gate)
            {
                return Running().PipeReadEnd!;
            }
        }
    }

    /// <summary>The guard's process id (the guard starts on first use).</summary>
    public static int ProcessId
    {
        get
        {
            lock (Gate)
            {
                return Running().Id;
            }
        }
    }

    /// <summary>Kills <paramref name="group"/> if the launcher dies.</summary>
    public static void Watch(int group) => Tell('+', group);

    /// <summary>The group's leader has ended: its id may be reused, so it is no longer killed.</summary>
    public static void Forget(int group) => Tell('-', group);

    /// <summary>
    /// Tells the guard; never throws. When no guard can be started now (the node refuses new processes), the next call
    /// tries again and a new guard gets every group still watched; meanwhile a job still holds the marker.
    /// </summary>
    private static void Tell(char change, int group)
    {
        lock (Gate)
        {
            _ = change == '+' ? Watched.Add(group) : Watched.Remove(group);
            try
            {
                Running().WriteToStandardInput(Line(change, group));
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// The guard, started now if there is none or it has died (someone killed it); a new guard is told every group still
    /// watched. A line written in the instant before a death is seen is not lost: the new guard gets the whole set.
    /// </summary>
    private static SessionProcess Running()
    {
        if (_shell is { HasExited: false })
        {
            return _shell;
        }

        _shell?.Dispose();
        _shell = SessionProcess.Start(new LaunchCommand(["/bin/sh", "-c", Script, "balsam-job-guard"], new Dictionary<string, string>(), "/"),
            new SpawnOptions { KeepPipeReadEnd = true });
        foreach (var group in Watched)
        {
            _shell.WriteToStandardInput(Line('+', group));
        }

        return _shell;
    }

    private static byte[] Line(char change, int group) => Encoding.ASCII.GetBytes($"{change} {group}\n");
}
