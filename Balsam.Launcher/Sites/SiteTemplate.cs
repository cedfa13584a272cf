using Balsam.Sites;

namespace Balsam.Launcher.Sites;

/// <summary>
/// What <c>balsam site init</c> writes for one kind of platform beyond the common layout, and the settings summary it
/// registers. Only the generic template exists so far; platform templates (settings.yml, job-template.sh) plug in here.
/// </summary>
public abstract class SiteTemplate
{
    /// <summary>A machine with no batch scheduler: the common layout and default settings.</summary>
    public static SiteTemplate Generic { get; } = new GenericSiteTemplate();

    public abstract string Name { get; }

    public abstract string Description { get; }

    /// <summary>The settings summary registered with the site.</summary>
    public virtual SiteSettingsSummary Settings => new();

    /// <summary>Writes the template's files into a folder that already has the common layout.</summary>
    public virtual void WriteFiles(string siteFolder)
    {
    }

    private sealed class GenericSiteTemplate : SiteTemplate
    {
        public override string Name => "generic";

        public override string Description => "Generic Linux machine without a batch scheduler";
    }
}
