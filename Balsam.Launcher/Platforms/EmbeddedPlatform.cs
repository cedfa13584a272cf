using System.Reflection;

namespace Balsam.Launcher.Platforms;

/// <summary>A platform whose files ship inside this assembly (from <c>deploy/platforms/&lt;name&gt;/</c>).</summary>
public sealed class EmbeddedPlatform : IPlatform
{
    public const string SettingsFileName = "settings.yml";

    public const string JobTemplateFileName = "job-template.sh";

    private const string ResourcePrefix = "platforms/";

    private readonly Lazy<IReadOnlyList<PlatformFile>> _files;

    public EmbeddedPlatform(string name, string description)
    {
        Name = name;
        Description = description;
        _files = new Lazy<IReadOnlyList<PlatformFile>>(ReadFiles);
    }

    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<PlatformFile> Files => _files.Value;

    public string SettingsYaml => File(SettingsFileName);

    public string JobTemplate => File(JobTemplateFileName);

    public override string ToString() => $"{Name}: {Description}";

    private string File(string relativePath) =>
        Files.FirstOrDefault(f => f.RelativePath == relativePath)?.Content
        ?? throw new InvalidOperationException($"platform '{Name}' ships no {relativePath} (the build did not embed deploy/platforms/{Name}/{relativePath})");

    private IReadOnlyList<PlatformFile> ReadFiles()
    {
        var assembly = typeof(EmbeddedPlatform).Assembly;
        var prefix = $"{ResourcePrefix}{Name}/";
        var files = new List<PlatformFile>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var logical = resource.Replace('\\', '/');
            if (!logical.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            files.Add(new PlatformFile(logical[prefix.Length..], reader.ReadToEnd()));
        }

        return files.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The platform folders embedded in this assembly (to check the registry against).</summary>
    internal static IReadOnlyList<string> EmbeddedNames(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Select(r => r.Replace('\\', '/'))
            .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(r => r[ResourcePrefix.Length..].Split('/')[0])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
}
