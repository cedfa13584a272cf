using Balsam.Errors;
using Balsam.Ids;
using Balsam.Sites;

namespace Balsam.Users;

[GrainType("balsam-user")]
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Catalogue)] IPersistentState<UserState> state,
    IIdGenerator ids) : Grain, IUserGrain, Security.IOwnedGrain
{
    private string Owner => this.GetPrimaryKeyString();

    private Dictionary<string, long> Sites => state.State.Sites;

    public async Task<SiteInfo> CreateSiteAsync(SiteSpec spec)
    {
        SiteValidator.ValidateSpec(spec);
        EnsureNameFree(spec.Name);

        // Reserve the name before the site exists, so a crash in between leaves a name that
        // lists as missing and can be deleted, never two sites with one name.
        var id = await ids.NextAsync(IdKind.Site);
        Sites[spec.Name] = id;
        await state.WriteStateAsync();
        try
        {
            return await Site(id).InitializeAsync(Owner, spec);
        }
        catch
        {
            Sites.Remove(spec.Name);
            await state.WriteStateAsync();
            throw;
        }
    }

    public ValueTask<string?> OwnerAsync(Security.SiteOwners owners) => ValueTask.FromResult<string?>(Owner);

    public ResourceNotFoundException NotFound() => new("User", Owner);

    public Task<IReadOnlyList<long>> SiteIdsAsync() => Task.FromResult<IReadOnlyList<long>>([.. Sites.Values]);

    public Task<long?> FindSiteIdAsync(string name) =>
        Task.FromResult(Sites.TryGetValue(name, out var id) ? id : (long?)null);

    public async Task<IReadOnlyList<SiteInfo>> ListSitesAsync()
    {
        var sites = await Task.WhenAll(Sites.Values.Select(id => Site(id).FindAsync()));
        return sites.OfType<SiteInfo>().OrderBy(s => s.Id).ToList();
    }

    public async Task<SiteInfo> RenameSiteAsync(long siteId, string newName)
    {
        var oldName = NameOf(siteId);
        if (oldName == newName)
        {
            return await Site(siteId).GetAsync();
        }

        SiteValidator.ValidateName(newName);
        EnsureNameFree(newName);
        var renamed = await Site(siteId).SetNameAsync(newName);
        Sites.Remove(oldName);
        Sites[newName] = siteId;
        await state.WriteStateAsync();
        return renamed;
    }

    public async Task<bool> DeleteSiteAsync(long siteId)
    {
        var name = Sites.FirstOrDefault(pair => pair.Value == siteId).Key;
        if (name is null)
        {
            return false;
        }

        await Site(siteId).DeleteAsync();
        Sites.Remove(name);
        await state.WriteStateAsync();
        return true;
    }

    private void EnsureNameFree(string name)
    {
        if (Sites.ContainsKey(name))
        {
            throw new NameConflictException("Site", name, $"for user '{Owner}'");
        }
    }

    private string NameOf(long siteId) =>
        Sites.FirstOrDefault(pair => pair.Value == siteId).Key
        ?? throw new ResourceNotFoundException("Site", $"{siteId} of user '{Owner}'");

    private ISiteGrain Site(long id) => GrainFactory.GetGrain<ISiteGrain>(id);
}
