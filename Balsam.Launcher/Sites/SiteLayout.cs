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

    /// <summary>Creates the site folder and any missing layout folders; existing content is kept.</summary>
    public static void Create(string siteFolder)
    {
        Directory.CreateDirectory(siteFolder);
        foreach (var folder in Folders)
        {
            Directory.CreateDirectory(Path.Combine(siteFolder, folder));
        }
    }

    /// <summary>True when the folder does not exist or has nothing in it.</summary>
    public static bool IsMissingOrEmpty(string folder) =>
        !Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any();
}
