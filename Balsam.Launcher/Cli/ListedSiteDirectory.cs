using System.Globalization;
using Balsam.Errors;
using Balsam.Sites;

namespace Balsam.Launcher.Cli;

/// <summary>The user's sites from one list of all of them (read once over HTTP), looked up as the gateway would.</summary>
internal sealed class ListedSiteDirectory(IReadOnlyList<SiteInfo> sites) : ISiteDirectory
{
    public Task<IReadOnlyList<SiteInfo>> ListAsync() => Task.FromResult(sites);

    public Task<SiteInfo> GetAsync(long id) =>
        Task.FromResult(sites.FirstOrDefault(s => s.Id == id) ?? throw new ResourceNotFoundException("Site", id.ToString(CultureInfo.InvariantCulture)));

    public Task<SiteInfo?> FindAsync(string name) => Task.FromResult(sites.FirstOrDefault(s => s.Name == name));

    public Task<SiteInfo?> FindAsync(long id) => Task.FromResult(sites.FirstOrDefault(s => s.Id == id));
}
