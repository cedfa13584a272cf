namespace Balsam.Sites;

/// <summary>Persisted state of a <see cref="SiteGrain"/> (stock ADO.NET grain storage; keep the name stable).</summary>
[GenerateSerializer, Alias("balsam.SiteState")]
public sealed class SiteState
{
    [Id(0)] public SiteInfo? Site { get; set; }

    /// <summary>The ids of the site's open sessions; each session says when it ends.</summary>
    [Id(1)] public HashSet<long> Sessions { get; set; } = [];
}
