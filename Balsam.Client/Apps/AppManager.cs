using Balsam.Apps;
using Balsam.Client.Sites;
using Balsam.Errors;

namespace Balsam.Client.Apps;

/// <summary>The apps registered at the connected user's sites. An app's identity is its site and its class name.</summary>
public sealed class AppManager
{
    private readonly SiteManager _sites;

    internal AppManager(SiteManager sites) => _sites = sites;

    /// <summary>Registers an app at a site, replacing an app of the same name there (which keeps its id).</summary>
    /// <param name="siteId">The site id.</param>
    /// <param name="definition">The app: a command template or a <c>Run</c> signature, parameters, transfer slots.</param>
    /// <returns>The stored app, with parameters named in the template added as required.</returns>
    /// <exception cref="ResourceNotFoundException">No site of the user has that id.</exception>
    /// <exception cref="BalsamValidationException">The definition breaks a rule; every broken rule is listed.</exception>
    public async Task<AppInfo> RegisterAsync(long siteId, AppDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var site = await _sites.OwnedGrainAsync(siteId);
        return await site.RegisterAppAsync(definition);
    }

    /// <summary>The apps of a site, sorted by name.</summary>
    /// <param name="siteId">The site id.</param>
    /// <returns>The apps.</returns>
    /// <exception cref="ResourceNotFoundException">No site of the user has that id.</exception>
    public async Task<IReadOnlyList<AppInfo>> ListAsync(long siteId)
    {
        var site = await _sites.OwnedGrainAsync(siteId);
        return (await site.ListAppsAsync()).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>One app of a site.</summary>
    /// <param name="siteId">The site id.</param>
    /// <param name="name">The app's class name.</param>
    /// <returns>The app.</returns>
    /// <exception cref="ResourceNotFoundException">The site or the app does not exist.</exception>
    public async Task<AppInfo> GetAsync(long siteId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var site = await _sites.OwnedGrainAsync(siteId);
        return await site.GetAppAsync(name);
    }

    /// <summary>Removes an app from a site.</summary>
    /// <param name="siteId">The site id.</param>
    /// <param name="name">The app's class name.</param>
    /// <returns>True when the app was removed; false when the site had no such app.</returns>
    /// <exception cref="ResourceNotFoundException">No site of the user has that id.</exception>
    public async Task<bool> DeleteAsync(long siteId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var site = await _sites.OwnedGrainAsync(siteId);
        return await site.DeleteAppAsync(name);
    }
}
