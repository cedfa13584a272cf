using System.Runtime.InteropServices;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Local;

/// <summary>
/// link(2), since .NET makes symbolic links only. A refusal (another filesystem, a filesystem without hard links, a
/// protected source) is no error here: the caller copies instead.
/// </summary>
internal static partial class HardLink
{
    /// <summary>Makes <paramref name="destination"/> a second name of <paramref name="source"/>, replacing a file already there.</summary>
    public static bool TryCreate(string source, string destination)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return false;
        }

        File.Delete(destination); // a retried item: link(2) will not replace a file
        return Link(source, destination) == 0;
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
