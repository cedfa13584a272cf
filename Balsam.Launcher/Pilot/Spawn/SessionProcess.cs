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
    private readonly SafeFileHandle? _stdinWriteEnd;
    private readonly bool _guarded;
    private readonly Action<ProcessExit>? _onExit;
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SessionProcess(int id, SafeFileHandle? stdinWriteEnd, SafeFileHandle? pipeReadEnd, bool guarded, SafeFileHandle? marker,
        Action<ProcessExit>? onExit)
    {
        Id = id;
        _stdinWriteEnd = stdinWriteEnd;
        PipeReadEnd = pipeReadEnd;
        _guarded = guarded;
        _onExit = onExit;
        if (guarded)
        {
            JobGroupGuard.Started(id, marker); // before the exit can be collected, so that Forget always follows
        }

        new Thread(CollectExit, maxStackSize: 256 * 1024) { IsBackground = true, Name = $"exit of {id}" }.Start();
    }

    /// <summary>The process id, which is also its process group's and session's id.</summary>
    public int Id { get; }

    /// <summary>A read end of the standard-input pipe, kept when <see cref="SpawnOptions.KeepPipeReadEnd"/> asked for it.</summary>
    public SafeFileHandle? PipeReadEnd { get; }

    /// <summary>Completes with the exit code when the process has ended (128 + the signal when a signal ended it).</summary>
    public Task<int> Exited => _exit.Task;

    public bool HasExited => _exit.Task.IsCompleted;

    /// <summary>The exit code; only once <see cref="HasExited"/>.</summary>
    public int ExitCode => HasExited ? _exit.Task.Result : throw new InvalidOperationException($"process {Id} has not exited");

    /// <summary>
    /// Starts <paramref name="command"/>'s argv (its first word a path), with the launcher's environment plus the
    /// command's variables, in its working directory. Every signal starts at its default disposition and unblocked, as in
    /// a login shell: the runtime ignores SIGPIPE, and an ignored signal would otherwise stay ignored in the job.
    /// <paramref name="onExit"/> runs once the process has ended, before <see cref="Exited"/> completes.
    /// </summary>
    public static unsafe SessionProcess Start(LaunchCommand command, SpawnOptions? options = null, Action<ProcessExit>? onExit = null)
    {
        options ??= SpawnOptions.LauncherPipe;
        var fds = stackalloc int[2] { -1, -1 };
        if (options.OutputFile is null && LibC.Pipe2(fds, LibC.CloseOnExec) != 0)
        {
            throw new IOException($"pipe2 failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var writeEnd = fds[1] >= 0 ? new SafeFileHandle(fds[1], ownsHandle: true) : null;
        var allocations = new List<nint>();
        var attributes = (byte*)NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var actions = (byte*)NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var signals = (byte*)NativeMemory.AllocZeroed(LibC.OpaqueSize);
        var marker = options.Guarded ? JobGroupGuard.Starting() : null;
        var spawned = false;
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
            Check(LibC.PosixSpawnFileActionsAddchdirNp(actions, Utf8(command.WorkingDirectory, allocations)), "posix_spawn_file_actions_addchdir_np");
            if (options.OutputFile is { } output)
            {
                Check(LibC.PosixSpawnFileActionsAddopen(actions, 0, Utf8("/dev/null", allocations), LibC.ReadOnly, 0), "posix_spawn_file_actions_addopen");
                Check(LibC.PosixSpawnFileActionsAddopen(actions, 1, Utf8(output, allocations), LibC.WriteTruncate, LibC.CreatedFileMode),
                    "posix_spawn_file_actions_addopen");
                Check(LibC.PosixSpawnFileActionsAdddup2(actions, 1, 2), "posix_spawn_file_actions_adddup2");
            }
            else
            {
                Check(LibC.PosixSpawnFileActionsAdddup2(actions, fds[0], 0), "posix_spawn_file_actions_adddup2");
            }

            if (marker is not null)
            {
                Check(LibC.PosixSpawnFileActionsAdddup2(actions, (int)marker.DangerousGetHandle(), JobGroupGuard.MarkerFd),
                    "posix_spawn_file_actions_adddup2");
            }

            var argv = NullTerminated(command.Argv, allocations);
            var envp = NullTerminated(Environment(command.Environment, options.OwnEnvironmentOnly), allocations);
            int pid;
            var program = options.Program is { } path ? Utf8(path, allocations) : argv[0];
            var error = LibC.PosixSpawn(&pid, program, actions, attributes, argv, envp);
            if (error != 0)
            {
                throw new IOException($"could not start {command.Argv[0]} in {command.WorkingDirectory}: {Marshal.GetPInvokeErrorMessage(error)}");
            }

            var readEnd = options.KeepPipeReadEnd && fds[0] >= 0 ? new SafeFileHandle(fds[0], ownsHandle: true) : null;
            if (readEnd is not null)
            {
                fds[0] = -1;
            }

            spawned = true;
            return new SessionProcess(pid, writeEnd, readEnd, options.Guarded, marker, onExit);
        }
        catch
        {
            writeEnd?.Dispose();
            throw;
        }
        finally
        {
            if (options.Guarded && !spawned)
            {
                JobGroupGuard.StartFailed(marker);
            }

            if (fds[0] >= 0)
            {
                LibC.Close(fds[0]);
            }

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

    /// <summary>Writes to the process's standard input (the launcher's pipe); an <see cref="IOException"/> when it has gone.</summary>
    public unsafe void WriteToStandardInput(ReadOnlySpan<byte> bytes)
    {
        var handle = _stdinWriteEnd ?? throw new InvalidOperationException($"process {Id} does not read the launcher's pipe");
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            fixed (byte* start = bytes)
            {
                for (var written = 0; written < bytes.Length;)
                {
                    var count = LibC.Write((int)handle.DangerousGetHandle(), start + written, bytes.Length - written);
                    if (count < 0 && Marshal.GetLastPInvokeError() != LibC.Interrupted)
                    {
                        throw new IOException($"write to process {Id} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                    }

                    written += (int)Math.Max(0, count);
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Whether <see cref="CloseStandardInput"/> was called.</summary>
    public bool InputClosed => _stdinWriteEnd?.IsClosed == true;

    /// <summary>Closes the launcher's end of the process's standard input, as the launcher's death would.</summary>
    public void CloseStandardInput() => _stdinWriteEnd?.Dispose();

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
    public void Dispose()
    {
        _stdinWriteEnd?.Dispose();
        PipeReadEnd?.Dispose();
    }

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
            if (_guarded)
            {
                JobGroupGuard.Forget(Id);
            }

            _exit.TrySetException(new InvalidOperationException($"waitpid({Id}) failed: errno {Marshal.GetLastPInvokeError()}"));
            return;
        }

        if (_guarded)
        {
            JobGroupGuard.Forget(Id);
        }

        var exit = ProcessExit.FromWaitStatus(status);
        try
        {
            _onExit?.Invoke(exit);
        }
        catch (Exception e)
        {
            _exit.TrySetException(e);
            return;
        }

        _exit.TrySetResult(exit.Code);
    }

    private static IEnumerable<string> Environment(IReadOnlyDictionary<string, string> added, bool ownOnly)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in ownOnly ? new System.Collections.Hashtable() : System.Environment.GetEnvironmentVariables())
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
