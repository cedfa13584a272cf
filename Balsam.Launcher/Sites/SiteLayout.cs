namespace Balsam.Launcher.Sites;

/// <summary>The folders every site has (SPEC: data/, log/, qsubmit/, apps/).</summary>
public static class SiteLayout
{
    /// <summary>Job working directories live under <c>data/</c>.</summary>
    public const string Data = "data";

    /// <summary>Logs of the site agent and launchers.</summary>
    public const string Log = "log";

    /// <summary>Rendered batch-job scripts and scheduler output.</summary>
    public const string QueueSubmit = "qsubmit";

    /// <summary>App assemblies loaded at the site.</summary>
    public const string Apps = "apps";

    public static IReadOnlyList<string> Folders { get; } = [Data, Log, QueueSubmit, Apps];

    /// <summary>As many links as Linux follows in one path before it gives up (ELOOP).</summary>
    private const int MaxLinks = 40;

    /// <summary>Creates the site folder and any missing layout folders; existing content is kept.</summary>
    public static void Create(string siteFolder)
    {
        Directory.CreateDirectory(siteFolder);
        foreach (var folder in Folders)
        {
            Directory.CreateDirectory(Path.Combine(siteFolder, folder));
        }
    }

    /// <summary>
    /// The full path of a job's working directory, <c>data/WORKDIR</c> of the site, checked before anything is created or
    /// run in it: a workdir whose real path leaves <c>data/</c> through a symbolic link (one of its folders, or the
    /// workdir itself, linking elsewhere) is refused with a <see cref="WorkdirOutsideSiteException"/> that says where it
    /// leads. A link that stays inside <c>data/</c> is fine, as is <c>data/</c> itself being a link.
    /// </summary>
    public static string Workdir(string siteFolder, string workdir)
    {
        var data = Path.GetFullPath(Path.Combine(siteFolder, Data));
        var path = Path.Combine(data, workdir);
        var root = RealPath(data);
        var real = RealPath(path);
        if (!real.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new WorkdirOutsideSiteException(workdir, real, root);
        }

        return path;
    }

    /// <summary>The path with every symbolic link along it followed, as far as the path exists (the rest is kept as is).</summary>
    private static string RealPath(string path, int links = 0)
    {
        var full = Path.GetFullPath(path);
        var real = Path.GetPathRoot(full)!;
        foreach (var part in full[real.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (links >= MaxLinks)
                {
                    throw new IOException($"{path}: more than {MaxLinks} symbolic links");
                }

                next = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(real, target), links + 1);
            }

            real = next;
        }

        return real;
    }

    /// <summary>True when the folder does not exist or has nothing in it.</summary>
    public static bool IsMissingOrEmpty(string folder) =>
        !Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any();
}
