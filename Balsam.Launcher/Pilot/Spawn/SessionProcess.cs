using System.Runtime.InteropServices;
using Balsam.Launcher.Cli;
using Balsam.Launcher.Pilot.Mpi;
using Microsoft.Win32.SafeHandles;

namespace Balsam.Launcher.Pilot.Spawn;

/// <summary>
/// A process started by <c>posix_spawn</c> as the leader of a new session (so of its own process group), with its
/// standard input the read end of a pipe whose only write end this object holds: the end closes when the launcher
/// closes it or dies. It replaces a <c>setsid</c> program in front of every job: one exec fewer per job, which on a
/// virtual machine is milliseconds of CPU. Its exit is collected by a small thread of its own.
/// </summary>
internal sealed class SessionProcess : IDisposable
{
    private readonly SafeFileHandle _stdinWriteEnd;
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SessionProcess(int id, SafeFileHandle stdinWriteEnd)
    {
        Id = id;
        _stdinWriteEnd = stdinWriteEnd;
        new Thread(CollectExit, maxStackSize: 256 * 1024) { IsBackground = true, Name = $"exit of {id}" }.Start();
    }

    /// <summary>The process id, which is also its process group's and session's id.</summary>
    public int Id { get; }

    /// <summary>Completes with the exit code when the process has ended (128 + the signal when a signal ended it).</summary>
    public Task<int> Exited => _exit.Task;

    public bool HasExited => _exit.Task.IsCompleted;

    /// <summary>The exit code; only once <see cref="HasExited"/>.</summary>
    public int ExitCode => HasExited ? _exit.Task.Result : throw new InvalidOperationException($"process {Id} has not exited");

    /// <summary>
    /// Starts <paramref name="command"/>'s argv (its first word a path), with the launcher's environment plus the
    /// command's variables, in its working directory. Every signal starts at its default disposition and unblocked, as in
    /// a login shell: the runtime ignores SIGPIPE, and an ignored signal would otherwise stay ignored in the job.
    /// </summary>
    public static unsafe SessionProcess Start(LaunchCommand command)
    {
        var fds = stackalloc int[2];
        if (LibC.Pipe2(fds, LibC.CloseOnExec) != 0)
        {
            throw new IOException($"pipe2 failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var writeEnd = new SafeFileHandle(fds[1], ownsHandle: true);
        var allocations = new List<nint>();
        var attributes = (byte*)NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var actions = (byte*)NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var signals = (byte*)NativeMemory.AllocZeroed(LibC.OpaqueSize);
        try
        {
            Check(LibC.PosixSpawnattrInit(attributes), "posix_spawnattr_init");
            Check(LibC.PosixSpawnattrSetflags(attributes, LibC.SetSid | LibC.SetSigDefault | LibC.SetSigMask), "posix_spawnattr_setflags");
            // Every signal, glibc's own two (32, 33) included, which sigfillset leaves out and the spawn would ignore.
            *(ulong*)signals = ulong.MaxValue;
            Check(LibC.PosixSpawnattrSetsigdefault(attributes, signals), "posix_spawnattr_setsigdefault");
            LibC.Sigemptyset(signals);
            Check(LibC.PosixSpawnattrSetsigmask(attributes, signals), "posix_spawnattr_setsigmask");
            Check(LibC.PosixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(LibC.PosixSpawnFileActionsAdddup2(actions, fds[0], 0), "posix_spawn_file_actions_adddup2");
            Check(LibC.PosixSpawnFileActionsAddchdirNp(actions, Utf8(command.WorkingDirectory, allocations)), "posix_spawn_file_actions_addchdir_np");
            var argv = NullTerminated(command.Argv, allocations);
            var envp = NullTerminated(Environment(command.Environment), allocations);
            int pid;
            var error = LibC.PosixSpawn(&pid, argv[0], actions, attributes, argv, envp);
            if (error != 0)
            {
                throw new IOException($"could not start {command.Argv[0]} in {command.WorkingDirectory}: {Marshal.GetPInvokeErrorMessage(error)}");
            }

            return new SessionProcess(pid, writeEnd);
        }
        catch
        {
            writeEnd.Dispose();
            throw;
        }
        finally
        {
            LibC.Close(fds[0]);
            LibC.PosixSpawnFileActionsDestroy(actions);
            LibC.PosixSpawnattrDestroy(attributes);
            NativeMemory.Free(signals);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            foreach (var allocation in allocations)
            {
                Marshal.FreeCoTaskMem(allocation);
            }
        }
    }

    /// <summary>Waits for the exit, however long it takes.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _exit.Task.WaitAsync(cancellationToken);

    /// <summary>SIGTERM to the group, then SIGKILL after the grace period if it is still there.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        Signals.TerminateGroup(Id);
        try
        {
            await _exit.Task.WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            Signals.KillGroup(Id);
            await _exit.Task;
        }
    }

    /// <summary>Closes the write end of the process's standard input (the job's watchdog then ends the job).</summary>
    public void Dispose() => _stdinWriteEnd.Dispose();

    private unsafe void CollectExit()
    {
        int status;
        int result;
        do
        {
            result = LibC.Waitpid(Id, &status, 0);
        }
        while (result == -1 && Marshal.GetLastPInvokeError() == LibC.Interrupted);

        if (result != Id)
        {
            _exit.TrySetException(new InvalidOperationException($"waitpid({Id}) failed: errno {Marshal.GetLastPInvokeError()}"));
            return;
        }

        var signal = status & 0x7f;
        _exit.TrySetResult(signal == 0 ? (status >> 8) & 0xff : 128 + signal);
    }

    private static IEnumerable<string> Environment(IReadOnlyDictionary<string, string> added)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            all[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        foreach (var (name, value) in added)
        {
            all[name] = value;
        }

        return all.Select(pair => $"{pair.Key}={pair.Value}");
    }

    private static unsafe byte** NullTerminated(IEnumerable<string> values, List<nint> allocations)
    {
        var list = values.ToList();
        var array = (byte**)Marshal.AllocCoTaskMem((list.Count + 1) * sizeof(byte*));
        allocations.Add((nint)array);
        for (var i = 0; i < list.Count; i++)
        {
            array[i] = Utf8(list[i], allocations);
        }

        array[list.Count] = null;
        return array;
    }

    private static unsafe byte* Utf8(string value, List<nint> allocations)
    {
        var text = Marshal.StringToCoTaskMemUTF8(value);
        allocations.Add(text);
        return (byte*)text;
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new IOException($"{call} failed: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }
}
