using System.Collections.Concurrent;
using Balsam.Apps;
using Balsam.Client.Queries;
using Balsam.Client.Sites;
using Balsam.Errors;

namespace Balsam.Client.Apps;

/// <summary>
/// The apps registered at the connected user's sites. An app's identity is its site and its class name.
/// <code>
/// var adder = await balsam.Apps.SyncAsync&lt;Adder&gt;();            // registers (or replaces) the class at its site
/// var apps = await balsam.Apps.LoadBySiteAsync("polaris");      // name -> handle
/// await foreach (var app in balsam.Apps.Where(site: "polaris")) Console.WriteLine(app);
/// </code>
/// </summary>
public sealed class AppManager
{
    private readonly BalsamClient _client;
    private readonly SiteManager _sites;
    private readonly ConcurrentDictionary<Type, AppHandle> _synced = new();
    private readonly ConcurrentDictionary<Type, bool> _warnedUndescribed = new();

    internal AppManager(BalsamClient client)
    {
        _client = client;
        _sites = client.Sites;
        Images = new AssemblyImages(client.Cluster.GetGrain<IAppCatalogueGrain>(0));
    }

    internal AssemblyImages Images { get; }

    /// <summary>Where sync warnings go, one line each (an app class without a description); standard error by default.</summary>
    public Action<string> Warn { get; set; } = line => Console.Error.WriteLine(line);

    /// <summary>
    /// Leaves the site that <see cref="ApplicationDefinition.Site"/> names holding this class's definition: its metadata
    /// (built by reflection) and its assembly image (uploaded only when the service does not have it yet). The site's copy
    /// is compared by content hash and registered again only when it differs (another client or <c>balsam app add</c>
    /// may have replaced it), so syncing an unchanged class costs one call. Registering keeps the app's id.
    /// </summary>
    /// <typeparam name="TApp">The app class.</typeparam>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The registered app.</returns>
    /// <exception cref="BalsamValidationException">The class breaks a rule; the message names it and the rule.</exception>
    /// <exception cref="DoesNotExistException">The user has no such site.</exception>
    public Task<AppHandle> SyncAsync<TApp>(CancellationToken cancellationToken = default) where TApp : ApplicationDefinition =>
        SyncAsync(typeof(TApp), cancellationToken);

    /// <summary>Registers an app class at its site unless the site holds it already; see <see cref="SyncAsync{TApp}"/>.</summary>
    /// <param name="appType">A concrete subclass of <see cref="ApplicationDefinition"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The registered app.</returns>
    public async Task<AppHandle> SyncAsync(Type appType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appType);
        if (_synced.TryGetValue(appType, out var known))
        {
            var held = await FindHeldAsync(known.SiteId, known.Name, cancellationToken);
            if (held?.Definition.ContentHash == known.Definition.ContentHash)
            {
                return known;
            }
        }

        var app = AppDefinitionBuilder.Instantiate(appType);
        var siteRef = app.Site ?? throw new BalsamValidationException($"app class {appType.FullName}", "site", "must name a site");
        var definition = AppDefinitionBuilder.Build(appType, app);
        if (definition.Description.Length == 0 && _warnedUndescribed.TryAdd(appType, true))
        {
            Warn($"warning: app class {appType.FullName} has no description: give it [Description(\"...\")], or a /// <summary> " +
                 $"with <GenerateDocumentationFile>true</GenerateDocumentationFile> in its project so that {appType.Assembly.GetName().Name}.xml " +
                 "sits beside its assembly");
        }

        var site = await _sites.FindAsync(siteRef, cancellationToken)
            ?? throw new DoesNotExistException("Site", $"{siteRef} (the site of app class {appType.FullName})");
        definition = definition with { Assembly = await Images.EnsureUploadedAsync(appType, cancellationToken) };
        definition = definition with { ContentHash = AppContentHash.Of(definition) };
        var info = known is null ? await FindHeldAsync(site.Id, definition.Name, cancellationToken) : null;
        if (info?.Definition.ContentHash != definition.ContentHash)
        {
            info = await _sites.Grain(site.Id).RegisterAppAsync(definition).WaitAsync(cancellationToken);
        }

        var handle = new AppHandle(_client, info!, appType);
        _synced[appType] = handle;
        return handle;
    }

    /// <summary>What the site holds under that name, or null.</summary>
    private async Task<AppInfo?> FindHeldAsync(long siteId, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _sites.Grain(siteId).GetAppAsync(name).WaitAsync(cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The apps of a site as a name to handle dictionary, to make jobs with (the twin of Balsam's <c>load_by_site</c>).</summary>
    /// <param name="site">The site: a name, an id or a site.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The apps by class name.</returns>
    /// <exception cref="DoesNotExistException">The user has no such site.</exception>
    public async Task<IReadOnlyDictionary<string, AppHandle>> LoadBySiteAsync(SiteRef site, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(site);
        var found = await _sites.FindAsync(site, cancellationToken) ?? throw new DoesNotExistException("Site", site.ToString());
        var apps = await _sites.Grain(found.Id).ListAppsAsync().WaitAsync(cancellationToken);
        return apps.ToDictionary(a => a.Name, a => new AppHandle(_client, a, null), StringComparer.Ordinal);
    }

    /// <summary>
    /// One app by name (at <paramref name="site"/>, or the only one of the user's sites that has it), id, or local
    /// class (synced when the site does not hold its definition).
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="site">The site, for an app named by name; overrides the site in <paramref name="app"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The app.</returns>
    /// <exception cref="DoesNotExistException">No such app (or site).</exception>
    /// <exception cref="MultipleObjectsReturnedException">Several of the user's sites have an app of that name.</exception>
    public async Task<AppHandle> LoadAsync(AppRef app, SiteRef? site = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Type is { } type)
        {
            return await SyncAsync(type, cancellationToken);
        }

        if (app.Id is { } id)
        {
            return await LoadByIdAsync(id, cancellationToken);
        }

        var name = app.Name!;
        var where = site ?? app.Site;
        if (where is not null)
        {
            var found = await _sites.FindAsync(where, cancellationToken) ?? throw new DoesNotExistException("Site", where.ToString());
            return await GetAsync(found.Id, name, cancellationToken);
        }

        var having = (await _sites.ListAsync().WaitAsync(cancellationToken)).Where(s => s.AppNames.Contains(name)).ToList();
        return having.Count switch
        {
            0 => throw new DoesNotExistException("App", $"name '{name}' (at any of the user's sites)"),
            1 => await GetAsync(having[0].Id, name, cancellationToken),
            _ => throw new MultipleObjectsReturnedException("App", $"name '{name}' (sites {string.Join(", ", having.Select(s => s.Name))}; name the site)", having.Count),
        };
    }

    /// <summary>A query over the apps at the user's sites.</summary>
    /// <returns>The query.</returns>
    public AppsQuery All() => new(_client);

    /// <summary>A query over the apps at the user's sites.</summary>
    /// <param name="site">Apps of this site.</param>
    /// <param name="name">Apps with this class name.</param>
    /// <param name="id">The app with this id.</param>
    /// <param name="ids">Apps with any of these ids.</param>
    /// <returns>The query.</returns>
    public AppsQuery Where(SiteRef? site = null, string? name = null, long? id = null, IEnumerable<long>? ids = null) =>
        All().Where(site, name, id, ids);

    /// <summary>Registers an app definition at a site, replacing an app of the same name there (which keeps its id).</summary>
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

    /// <summary>Removes an app from a site, with its jobs.</summary>
    /// <param name="siteId">The site id.</param>
    /// <param name="name">The app's class name.</param>
    /// <returns>True when the app was removed; false when the site had no such app.</returns>
    /// <exception cref="ResourceNotFoundException">No site of the user has that id.</exception>
    public async Task<bool> DeleteAsync(long siteId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var site = await _sites.OwnedGrainAsync(siteId);
        _synced.Where(p => p.Value.SiteId == siteId && p.Value.Name == name).ToList().ForEach(p => _synced.TryRemove(p));
        return await site.DeleteAppAsync(name);
    }

    private async Task<AppHandle> GetAsync(long siteId, string name, CancellationToken cancellationToken)
    {
        try
        {
            return new AppHandle(_client, await _sites.Grain(siteId).GetAppAsync(name).WaitAsync(cancellationToken), null);
        }
        catch (ResourceNotFoundException e)
        {
            throw new DoesNotExistException("App", $"name '{name}' at site #{siteId}", e);
        }
    }

    private async Task<AppHandle> LoadByIdAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            var info = await _client.Cluster.GetGrain<IAppCatalogueGrain>(0).GetAppByIdAsync(id).WaitAsync(cancellationToken);
            if (await _sites.FindAsync(info.SiteId) is not null)
            {
                return new AppHandle(_client, info, null);
            }
        }
        catch (ResourceNotFoundException)
        {
        }

        throw new DoesNotExistException("App", $"id {id}");
    }
}
