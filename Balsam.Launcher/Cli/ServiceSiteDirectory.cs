using Balsam.Client;
using Balsam.Sites;

namespace Balsam.Launcher.Cli;

/// <summary>The user's sites through the gateway: each look-up is one call.</summary>
internal sealed class ServiceSiteDirectory(BalsamClient client) : ISiteDirectory
{
    public Task<IReadOnlyList<SiteInfo>> ListAsync() => client.Sites.ListAsync();

    public Task<SiteInfo> GetAsync(long id) => client.Sites.GetAsync(id);

    public Task<SiteInfo?> FindAsync(string name) => client.Sites.FindAsync(name);

    public Task<SiteInfo?> FindAsync(long id) => client.Sites.FindAsync(id);
}
