namespace Balsam.Launcher.Sites;

/// <summary>A job's workdir leads out of the site's <c>data/</c> folder through a symbolic link; nothing was created or run.</summary>
public sealed class WorkdirOutsideSiteException(string workdir, string realPath, string dataFolder)
    : InvalidOperationException(
        $"workdir '{workdir}' leads to {realPath} through a symbolic link, outside the site's data folder {dataFolder}: refused")
{
    /// <summary>The job's workdir as stored.</summary>
    public string Workdir { get; } = workdir;

    /// <summary>Where the link leads.</summary>
    public string RealPath { get; } = realPath;
}
