using Balsam.Launcher.Settings;
using Balsam.Launcher.Sites;
using Balsam.Sites;

namespace Balsam.Launcher.Platforms;

/// <summary>
/// A platform as a <see cref="SiteTemplate"/> for <c>balsam site init</c>: writes the platform's files into the new
/// site folder (never over an existing file) and registers the summary of its settings.
/// </summary>
public sealed class PlatformSiteTemplate(IPlatform platform) : SiteTemplate
{
    public IPlatform Platform { get; } = platform;

    public override string Name => Platform.Name;

    public override string Description => Platform.Description;

    /// <summary>The summary of the platform's <c>settings.yml</c>.</summary>
    public override SiteSettingsSummary Settings =>
        SettingsLoader.Parse(Platform.SettingsYaml, $"platform '{Platform.Name}' {EmbeddedPlatform.SettingsFileName}").ToSummary();

    public override void WriteFiles(string siteFolder)
    {
        foreach (var file in Platform.Files)
        {
            var target = Path.Combine(siteFolder, file.RelativePath);
            if (File.Exists(target))
            {
                continue; // a site folder being repaired keeps its own edits
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, file.Content);
            if (target.EndsWith(".sh", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserExecute);
            }
        }
    }
}
