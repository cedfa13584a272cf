using Balsam.Apps;
using Balsam.Client;

namespace Balsam.Launcher.Pilot;

/// <summary>The site's app definitions, fetched once and again when a job names an app not seen yet.</summary>
internal sealed class AppCatalogue(BalsamClient client, long siteId)
{
    private Dictionary<string, AppInfo> _apps = [];

    public async Task<AppInfo?> FindAsync(string name)
    {
        if (!_apps.TryGetValue(name, out var app))
        {
            _apps = (await client.Apps.ListAsync(siteId)).ToDictionary(a => a.Name);
            _apps.TryGetValue(name, out app);
        }

        return app;
    }
}
