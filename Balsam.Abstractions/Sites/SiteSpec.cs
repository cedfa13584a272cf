namespace Balsam.Sites;

/// <summary>What is needed to create a site.</summary>
[GenerateSerializer, Alias("balsam.SiteSpec")]
public sealed record SiteSpec
{
    /// <summary>Unique among the owner's sites.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The absolute path of the site folder on its host.</summary>
    [Id(1)] public required string Path { get; init; }

    [Id(2)] public SiteSettingsSummary Settings { get; init; } = new();
}
