using Balsam.Sites;

namespace Balsam.Launcher.Cli;

/// <summary>The user's sites as the site selectors look them up: through the gateway, or from one list read over HTTP.</summary>
internal interface ISiteDirectory
{
    /// <summary>All of the user's sites, in id order.</summary>
    Task<IReadOnlyList<SiteInfo>> ListAsync();

    /// <summary>The user's site with this id; throws <see cref="Balsam.Errors.ResourceNotFoundException"/> when there is none.</summary>
    Task<SiteInfo> GetAsync(long id);

    /// <summary>The user's site with this name, or null.</summary>
    Task<SiteInfo?> FindAsync(string name);

    /// <summary>The user's site with this id, or null.</summary>
    Task<SiteInfo?> FindAsync(long id);
}
