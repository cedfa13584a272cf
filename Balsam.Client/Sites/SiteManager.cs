using Balsam.Client.Queries;
using Balsam.Errors;
using Balsam.Sites;
using Balsam.Users;

namespace Balsam.Client.Sites;

/// <summary>The connected user's sites. Sites of other users are reported as not found.</summary>
public sealed class SiteManager
{
    private readonly IGrainFactory _grains;
    private readonly Func<string> _userName;

    internal SiteManager(IGrainFactory grains, Func<string> userName)
    {
        _grains = grains;
        _userName = userName;
    }

    private IUserGrain User => _grains.GetGrain<IUserGrain>(_userName());

    /// <summary>Registers a new site.</summary>
    /// <param name="spec">Name (unique among the user's sites), absolute path and settings summary.</param>
    /// <returns>The stored site with its new id.</returns>
    /// <exception cref="BalsamValidationException">The name, path or settings break a rule.</exception>
    /// <exception cref="NameConflictException">The user already has a site with that name.</exception>
    public Task<SiteInfo> CreateAsync(SiteSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return User.CreateSiteAsync(spec);
    }

    /// <summary>The site with this id.</summary>
    /// <param name="id">The site id.</param>
    /// <returns>The site.</returns>
    /// <exception cref="ResourceNotFoundException">No site of the user has that id.</exception>
    public async Task<SiteInfo> GetAsync(long id)
    {
        var site = await Grain(id).FindAsync();
        return site is not null && site.Owner == _userName()
            ? site
            : throw new ResourceNotFoundException("Site", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The site with this name.</summary>
    /// <param name="name">The site name.</param>
    /// <returns>The site.</returns>
    /// <exception cref="ResourceNotFoundException">The user has no site with that name.</exception>
    public async Task<SiteInfo> GetAsync(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await FindAsync(name) ?? throw new ResourceNotFoundException("Site", $"'{name}'");
    }

    /// <summary>The site with this name, or null.</summary>
    /// <param name="name">The site name.</param>
    /// <returns>The site, or null when the user has none by that name.</returns>
    public async Task<SiteInfo?> FindAsync(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return await User.FindSiteIdAsync(name) is { } id ? await Grain(id).FindAsync() : null;
    }

    /// <summary>The site with this id, or null.</summary>
    /// <param name="id">The site id.</param>
    /// <returns>The site, or null when the user has none with that id.</returns>
    public async Task<SiteInfo?> FindAsync(long id)
    {
        var site = await Grain(id).FindAsync();
        return site?.Owner == _userName() ? site : null;
    }

    /// <summary>All of the user's sites, in id order.</summary>
    /// <returns>The sites.</returns>
    public Task<IReadOnlyList<SiteInfo>> ListAsync() => User.ListSitesAsync();

    /// <summary>Gives a site a new name.</summary>
    /// <param name="id">The site id.</param>
    /// <param name="newName">The new name, unique among the user's sites.</param>
    /// <returns>The renamed site.</returns>
    /// <exception cref="ResourceNotFoundException">No site of the user has that id.</exception>
    /// <exception cref="BalsamValidationException">The new name breaks a rule.</exception>
    /// <exception cref="NameConflictException">Another site of the user has that name.</exception>
    public Task<SiteInfo> RenameAsync(long id, string newName)
    {
        ArgumentNullException.ThrowIfNull(newName);
        return User.RenameSiteAsync(id, newName);
    }

    /// <summary>Records that a site's folder moved. This changes the stored path only; moving the folder is the caller's job.</summary>
    /// <param name="id">The site id.</param>
    /// <param name="newPath">The new absolute path of the site folder.</param>
    /// <returns>The updated site.</returns>
    /// <exception cref="ResourceNotFoundException">No site of the user has that id.</exception>
    /// <exception cref="BalsamValidationException">The path is not absolute or too long.</exception>
    public async Task<SiteInfo> MoveAsync(long id, string newPath)
    {
        ArgumentNullException.ThrowIfNull(newPath);
        await GetAsync(id);
        return await Grain(id).UpdateAsync(newPath, null);
    }

    /// <summary>Replaces the summary of a site's settings the service keeps (what <c>balsam site sync</c> sends).</summary>
    /// <param name="id">The site id.</param>
    /// <param name="settings">Projects, queues, transfer locations and node count from the site's <c>settings.yml</c>.</param>
    /// <returns>The updated site.</returns>
    /// <exception cref="ResourceNotFoundException">No site of the user has that id.</exception>
    /// <exception cref="BalsamValidationException">The summary breaks a rule; every broken rule is listed.</exception>
    public async Task<SiteInfo> UpdateSettingsAsync(long id, SiteSettingsSummary settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await GetAsync(id);
        return await Grain(id).UpdateAsync(null, settings);
    }

    /// <summary>Deletes a site and every app registered at it.</summary>
    /// <param name="id">The site id.</param>
    /// <returns>True when the site was deleted; false when the user had no such site.</returns>
    public Task<bool> DeleteAsync(long id) => User.DeleteSiteAsync(id);

    /// <summary>A query over the user's sites.</summary>
    /// <returns>The query.</returns>
    public SitesQuery All() => new(this);

    /// <summary>A query over the user's sites.</summary>
    /// <param name="name">The site with this name.</param>
    /// <param name="pathContains">Sites whose path contains this text.</param>
    /// <param name="id">The site with this id.</param>
    /// <param name="ids">Sites with any of these ids.</param>
    /// <param name="active">Sites whose agent reported recently (true) or not (false).</param>
    /// <returns>The query.</returns>
    public SitesQuery Where(string? name = null, string? pathContains = null, long? id = null, IEnumerable<long>? ids = null, bool? active = null) =>
        All().Where(name, pathContains, id, ids, active);

    /// <summary>The user's site named by a reference, or null.</summary>
    internal async Task<SiteInfo?> FindAsync(SiteRef site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.Id is { } id
            ? await FindAsync(id).WaitAsync(cancellationToken)
            : await FindAsync(site.Name!).WaitAsync(cancellationToken);
    }

    internal ISiteGrain Grain(long id) => _grains.GetGrain<ISiteGrain>(id);

    /// <summary>The site grain of one of the user's sites, after checking that the user owns it.</summary>
    internal async Task<ISiteGrain> OwnedGrainAsync(long id)
    {
        await GetAsync(id);
        return Grain(id);
    }
}
