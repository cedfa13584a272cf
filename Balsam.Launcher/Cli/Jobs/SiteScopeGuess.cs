namespace Balsam.Launcher.Cli.Jobs;

/// <summary>A listing's site scope told before the user's sites are read: one site, or all of them (<paramref name="SiteId"/> null).</summary>
internal sealed record SiteScopeGuess(long? SiteId)
{
    /// <summary>The query's sites: this one, or null for all of the user's.</summary>
    public List<long>? SiteIds => SiteId is { } id ? [id] : null;

    /// <summary>Whether the scope resolved from the sites is the one guessed.</summary>
    public bool Matches(SiteScope scope) => SiteId is { } id ? !scope.IsAll && scope.Sites is [{ } only] && only.Id == id : scope.IsAll;
}
