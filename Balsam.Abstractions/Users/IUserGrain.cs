using Balsam.Sites;

namespace Balsam.Users;

/// <summary>One user, keyed by user name: owns the user's site names, so names stay unique per owner.</summary>
[Alias("balsam.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates a site, or throws <see cref="Errors.NameConflictException"/> when the name is taken.</summary>
    [Alias("CreateSite")]
    [Balsam.Errors.NotIdempotent]
    Task<SiteInfo> CreateSiteAsync(SiteSpec spec);

    /// <summary>The id of the site with that name, or null.</summary>
    [Alias("FindSiteId")]
    Task<long?> FindSiteIdAsync(string name);

    /// <summary>The ids of the user's sites.</summary>
    [Alias("SiteIds")]
    [Orleans.Concurrency.AlwaysInterleave] // read by ownership checks inside the user's own calls (delete a site)
    Task<IReadOnlyList<long>> SiteIdsAsync();

    [Alias("ListSites")]
    Task<IReadOnlyList<SiteInfo>> ListSitesAsync();

    [Alias("RenameSite")]
    Task<SiteInfo> RenameSiteAsync(long siteId, string newName);

    /// <summary>Deletes the site and everything in it; returns false when the user has no such site.</summary>
    [Alias("DeleteSite")]
    Task<bool> DeleteSiteAsync(long siteId);
}
