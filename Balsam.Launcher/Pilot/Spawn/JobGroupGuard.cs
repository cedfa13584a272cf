using System.Text;
using Balsam.Launcher.Pilot.Mpi;
using Microsoft.Win32.SafeHandles;

namespace Balsam.Launcher.Pilot.Spawn;

/// <summary>
/// One small shell per launcher process that kills the process groups of the launcher's jobs when the launcher dies,
/// even by SIGKILL. It reads the launcher's end of a pipe, which closes only when the launcher ends. A job started without
/// a job shell has no watchdog of its own, so it is guarded here: the launcher says a job is starting
/// (<see cref="Starting"/>), names its group once it has started (<see cref="Started"/>) and again once its leader's exit
/// has been collected (<see cref="Forget"/>). A launcher that dies between the start and the naming leaves a start
/// pending: then the guard also kills whatever holds a read end of its pipe at <see cref="MarkerFd"/>, which every
/// guarded job inherits, so the job started in that instant dies too.
/// </summary>
internal static class JobGroupGuard
{
    /// <summary>
    /// The descriptor a guarded job holds the guard's pipe at: high and odd, away from the small numbers scripts
    /// redirect (3-9), the 200 of the <c>flock</c> idiom and the 255 bash keeps its script on.
    /// </summary>
    public const int MarkerFd = 237;

    /// <summary>
    /// The guard. It ignores the signals a stop or a terminal sends. Each line is a change and a number:
    /// <c>s</c> a start begins, <c>+</c> its group (the start is over), <c>x</c> a start failed, <c>w</c> a group to watch
    /// (a new guard catching up), <c>-</c> a group to forget. A group is a variable of its own, so a change costs the
    /// same however many jobs run. At the end of its input it kills every watched group, and, when a start was still
    /// pending, every process group (or process) that holds its pipe at the marker descriptor. It runs with no
    /// environment but its own, so that no variable but its groups is named <c>g_</c>.
    /// </summary>
    public static readonly string Script = string.Join('\n',
        "trap '' TERM INT HUP",
        "pending=0",
        "while read -r change number; do",
        "  case $number in ''|*[!0-9]*) continue ;; esac",
        "  case $change in",
        "    s) pending=$((pending + 1)) ;;",
        "    +|x) [ \"$pending\" -gt 0 ] && pending=$((pending - 1)) ;;",
        "  esac",
        "  case $change in",
        "    +|w) eval \"g_$number=1\" ;;",
        "    -) unset \"g_$number\" ;;",
        "  esac",
        "done",
        "set -f",
        "for entry in $(set); do",
        "  case $entry in g_[0-9]*=*) group=${entry%%=*}; kill -KILL -\"${group#g_}\" 2>/dev/null ;; esac",
        "done",
        "[ \"$pending\" -gt 0 ] || exit 0",
        "set +f",
        $"for fd in /proc/[0-9]*/fd/{MarkerFd}; do",
        "  pid=${fd#/proc/}; pid=${pid%%/*}",
        "  if [ \"$pid\" != $$ ] && [ \"$fd\" -ef /proc/$$/fd/0 ]; then kill -KILL -\"$pid\" 2>/dev/null || kill -KILL \"$pid\" 2>/dev/null; fi",
        "done");

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Watched = [];
    private static SessionProcess? _shell;

    /// <summary>
    /// Says a guarded job is about to start and returns the marker it inherits, referenced until
    /// <see cref="Started"/> or <see cref="StartFailed"/> releases it (the guard starts on first use). Null when no
    /// guard can run now: the job then starts unguarded by the marker, and is named to the next guard.
    /// </summary>
    public static SafeFileHandle? Starting()
    {
        lock (Gate)
        {
            try
            {
                var shell = Running();
                Send(shell, 's', 0);
                var marker = shell.PipeReadEnd!;
                var added = false;
                marker.DangerousAddRef(ref added);
                return marker;
            }
            catch (Exception)
            {
                return null;
            }
        }
    }

    /// <summary>The job started: its group is killed if the launcher dies, until <see cref="Forget"/>.</summary>
    public static void Started(int group, SafeFileHandle? marker) => Tell('+', group, marker);

    /// <summary>The start failed: nothing of it runs.</summary>
    public static void StartFailed(SafeFileHandle? marker) => Tell('x', 0, marker);

    /// <summary>The group's leader has ended: its id may be reused, so it is no longer killed.</summary>
    public static void Forget(int group) => Tell('-', group, null);

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

    /// <summary>
    /// Ends the guard's input as the launcher's death would: the guard kills what it watches. Only for tests: every
    /// job of this process loses its guard until the next start brings a new one.
    /// </summary>
    internal static void EndInputForTests()
    {
        lock (Gate)
        {
            _shell?.CloseStandardInput();
        }
    }

    /// <summary>
    /// Tells the guard; never throws. When no guard can be told now (the node refuses new processes), the next call
    /// tries again and a new guard gets every group still watched.
    /// </summary>
    private static void Tell(char change, int number, SafeFileHandle? marker)
    {
        lock (Gate)
        {
            try
            {
                _ = change switch
                {
                    '+' => Watched.Add(number),
                    '-' => Watched.Remove(number),
                    _ => false,
                };
                Send(Running(), change, number);
            }
            catch (Exception)
            {
                // Never a reason to fail a job's start or the collection of its exit.
            }
            finally
            {
                marker?.DangerousRelease();
            }
        }
    }

    private static void Send(SessionProcess shell, char change, int number) =>
        shell.WriteToStandardInput(Encoding.ASCII.GetBytes($"{change} {number}\n"));

    /// <summary>
    /// The guard, started now if there is none or it has died (someone killed it); a new guard is told every group still
    /// watched. A line written in the instant before a death is seen is not lost: the new guard gets the whole set.
    /// </summary>
    private static SessionProcess Running()
    {
        if (_shell is { HasExited: false, InputClosed: false })
        {
            return _shell;
        }

        _shell?.Dispose();
        _shell = null;
        var shell = SessionProcess.Start(
            new LaunchCommand(["/bin/sh", "-c", Script, "balsam-job-guard"], new Dictionary<string, string>(), "/"),
            new SpawnOptions { KeepPipeReadEnd = true, OwnEnvironmentOnly = true });
        foreach (var group in Watched)
        {
            Send(shell, 'w', group);
        }

        _shell = shell;
        return shell;
    }
}
