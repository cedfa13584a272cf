using System.Runtime.InteropServices;

namespace Balsam.Launcher.Pilot.Spawn;

/// <summary>
/// glibc's <c>posix_spawn</c> and what goes with it (x86-64 and arm64 Linux). The attribute, file-action and signal-set
/// objects are opaque: they live in buffers larger than glibc's own (336, 80 and 128 bytes).
/// </summary>
internal static unsafe partial class LibC
{
    public const int OpaqueSize = 1024;

    /// <summary>The child calls setsid(2) before exec: it leads a new session and process group.</summary>
    public const short SetSid = 0x80;

    public const short SetSigDefault = 0x04;

    public const short SetSigMask = 0x08;

    public const int CloseOnExec = 0x80000;

    public const int Interrupted = 4; // EINTR

    public const int ReadOnly = 0x0; // O_RDONLY

    /// <summary>O_WRONLY | O_CREAT | O_TRUNC, as a shell's <c>&gt;</c> opens a file.</summary>
    public const int WriteTruncate = 0x1 | 0x40 | 0x200;

    /// <summary>The mode a shell's <c>&gt;</c> creates a file with (the umask applies).</summary>
    public const uint CreatedFileMode = 0x1b6; // 0666

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    /// <summary>access(2)'s X_OK: may the caller execute the file.</summary>
    public const int Executable = 1;

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "strsignal")]
    private static partial nint Strsignal(int signal);

    /// <summary>The C library's description of a signal ("Segmentation fault"), as shells print it.</summary>
    public static string SignalDescription(int signal) =>
        System.Runtime.InteropServices.Marshal.PtrToStringUTF8(Strsignal(signal)) ?? $"Signal {signal}";

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static partial int PosixSpawnattrInit(byte* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int PosixSpawnattrDestroy(byte* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int PosixSpawnattrSetflags(byte* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int PosixSpawnattrSetsigmask(byte* attributes, byte* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int PosixSpawnattrSetsigdefault(byte* attributes, byte* signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    public static partial int Sigemptyset(byte* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int PosixSpawnFileActionsInit(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int PosixSpawnFileActionsDestroy(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int PosixSpawnFileActionsAdddup2(byte* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int PosixSpawnFileActionsAddopen(byte* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static partial int PosixSpawnFileActionsAddchdirNp(byte* actions, byte* path);

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    public static partial int PosixSpawn(int* pid, byte* path, byte* actions, byte* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static partial int Waitpid(int pid, int* status, int options);
}
