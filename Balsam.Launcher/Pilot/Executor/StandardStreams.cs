using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Balsam.Launcher.Pilot.Executor;

/// <summary>
/// The executor's file descriptors. At start the protocol's pipes are moved off descriptors 0 and 1 (stdin becomes
/// <c>/dev/null</c>, as a job's is). While a job runs, descriptors 1 and 2 and .NET's <see cref="Console"/> writers all
/// go to the job's output file, as a job process's do; between jobs they go to the executor's own stderr.
/// </summary>
internal static partial class StandardStreams
{
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Truncate = 0x200;
    private const int Append = 0x400;
    private static int _ownError = 2;
    private static TextWriter _ownWriter = TextWriter.Null;

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int descriptor);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int descriptor, int target);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);

    /// <summary>Moves the protocol's pipes aside and returns them; stdin reads <c>/dev/null</c> and stdout goes to stderr from now on.</summary>
    public static (Stream Requests, Stream Replies) TakeProtocol()
    {
        var requests = Checked(Dup(0), "dup(0)");
        var replies = Checked(Dup(1), "dup(1)");
        _ownError = Checked(Dup(2), "dup(2)");
        var devNull = Checked(Open("/dev/null", 0, 0), "open /dev/null");
        Checked(Dup2(devNull, 0), "dup2 to 0");
        Close(devNull);
        Checked(Dup2(_ownError, 1), "dup2 to 1");
        _ownWriter = ConsoleWriter();
        Console.SetOut(_ownWriter);
        Console.SetError(_ownWriter);
        return (new FileStream(new SafeFileHandle(requests, ownsHandle: true), FileAccess.Read, 1),
            new FileStream(new SafeFileHandle(replies, ownsHandle: true), FileAccess.Write, 1));
    }

    /// <summary>Sends descriptors 1 and 2 and the console to <paramref name="outputFile"/> (truncated) until disposed.</summary>
    public static IDisposable RedirectTo(string outputFile)
    {
        // O_APPEND: .NET's console writers, the runtime's own messages and child processes share one offset-free file.
        var file = Checked(Open(outputFile, WriteOnly | Create | Truncate | Append, Convert.ToInt32("644", 8)), $"open {outputFile}");
        Checked(Dup2(file, 1), "dup2 to 1");
        Checked(Dup2(file, 2), "dup2 to 2");
        Close(file);
        var writer = ConsoleWriter();
        Console.SetOut(writer);
        Console.SetError(writer);
        return new Redirection(writer);
    }

    /// <summary>A synchronized writer over a fresh duplicate of descriptor 1 (<see cref="Console.OpenStandardOutput()"/> writes with write(2)).</summary>
    private static TextWriter ConsoleWriter() =>
        TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true });

    private static int Checked(int result, string what) =>
        result >= 0 ? result : throw new IOException($"{what} failed (errno {Marshal.GetLastPInvokeError()})");

    private sealed class Redirection(TextWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer.Flush();
            Dup2(_ownError, 1);
            Dup2(_ownError, 2);
            Console.SetOut(_ownWriter);
            Console.SetError(_ownWriter);
            writer.Dispose();
        }
    }
}
