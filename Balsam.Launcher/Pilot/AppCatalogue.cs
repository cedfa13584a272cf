using Balsam.Apps;
using Balsam.Client;
using Balsam.Sites;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// The site's app definitions as of the last lease: read again when the site's apps version changed (an app was synced
/// or deleted) or a job names an app not seen yet, so every job started after a sync uses the newest definition.
/// </summary>
internal sealed class AppCatalogue(BalsamClient client, long siteId)
{
    private Dictionary<string, AppInfo> _apps = [];
    private string? _version;

    /// <summary>One call: re-reads the apps only when the site says they changed since the last read.</summary>
    public async Task RefreshIfChangedAsync()
    {
        var version = await client.Cluster.GetGrain<ISiteGrain>(siteId).GetAppsVersionAsync();
        if (version != _version)
        {
            await ReadAsync(version);
        }
    }

    public async Task<AppInfo?> FindAsync(string name)
    {
        if (!_apps.TryGetValue(name, out var app))
        {
            await ReadAsync(await client.Cluster.GetGrain<ISiteGrain>(siteId).GetAppsVersionAsync());
            _apps.TryGetValue(name, out app);
        }

        return app;
    }

    // The version is read before the apps: a change in between is seen again at the next check.
    private async Task ReadAsync(string version)
    {
        _apps = (await client.Apps.ListAsync(siteId)).ToDictionary(a => a.Name);
        _version = version;
    }
}
