using Microsoft.Extensions.FileSystemGlobbing;

namespace Balsam.Launcher.SiteAgent.FileCleaner;

/// <summary>
/// Deletes the files of one workdir that match an app's <c>cleanup_files</c> globs (<c>*.hdf</c> at the top,
/// <c>**/*.hdf</c> anywhere below). Only files inside the workdir go, never one reached through a symbolic link (a link
/// itself is left alone too), and folders are never deleted.
/// </summary>
public static class WorkdirCleaner
{
    /// <summary>Deletes the matches; returns the paths deleted, relative to the workdir.</summary>
    public static IReadOnlyList<string> Clean(string workdir, IReadOnlyList<string> globs)
    {
        var root = new DirectoryInfo(Path.GetFullPath(workdir));
        if (globs.Count == 0 || !root.Exists || root.LinkTarget is not null)
        {
            return [];
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(globs);
        var deleted = new List<string>();
        foreach (var relative in matcher.GetResultsInFullPath(root.FullName).Select(p => Path.GetRelativePath(root.FullName, p)))
        {
            if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) || ThroughLink(root.FullName, relative))
            {
                continue;
            }

            File.Delete(Path.Combine(root.FullName, relative));
            deleted.Add(relative);
        }

        return deleted;
    }

    /// <summary>Whether the file, or a folder between the workdir and it, is a symbolic link.</summary>
    private static bool ThroughLink(string root, string relative)
    {
        var path = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            path = Path.Combine(path, part);
            if (new FileInfo(path).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }
}
