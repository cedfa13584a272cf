namespace Balsam.Launcher.Platforms;

/// <summary>
/// The defaults of one kind of machine for a new site: a commented <c>settings.yml</c> and a Mustache
/// <c>job-template.sh</c> (and any other files the platform ships). See <see cref="PlatformRegistry"/>.
/// </summary>
public interface IPlatform
{
    /// <summary>The name users choose it by, e.g. <c>polaris</c>.</summary>
    string Name { get; }

    /// <summary>One line for people, e.g. "ALCF Polaris (PBS, 4 NVIDIA A100 per node)".</summary>
    string Description { get; }

    /// <summary>Every file of the platform, <c>settings.yml</c> and <c>job-template.sh</c> among them.</summary>
    IReadOnlyList<PlatformFile> Files { get; }

    /// <summary>The text of <c>settings.yml</c>.</summary>
    string SettingsYaml { get; }

    /// <summary>The text of <c>job-template.sh</c>.</summary>
    string JobTemplate { get; }
}
