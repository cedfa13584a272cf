using Balsam.Errors;
using Balsam.Ids;

namespace Balsam.Apps;

[GrainType("balsam-app")]
public sealed class AppGrain(
    [PersistentState("app", StorageNames.Catalogue)] IPersistentState<AppState> state,
    IIdGenerator ids,
    IAppCatalogueStore catalogue,
    Security.SiteOwners owners) : Grain, IAppGrain, Security.IOwnedGrain
{
    /// <summary>The owner of the key's site, even before the app exists: registering is the owner's alone.</summary>
    public ValueTask<string?> OwnerAsync(Security.SiteOwners siteOwners) =>
        siteOwners.OwnerOfAsync(AppKey.Parse(this.GetPrimaryKeyString()).SiteId);

    public ResourceNotFoundException NotFound() => new("App", this.GetPrimaryKeyString());

    public async Task<AppInfo> RegisterAsync(AppDefinition definition)
    {
        var (siteId, name) = AppKey.Parse(this.GetPrimaryKeyString());
        if (definition.Name != name)
        {
            throw new BalsamValidationException($"app '{definition.Name}'", "name",
                $"must match the registration key '{name}'");
        }

        var validated = AppDefinitionValidator.Validate(definition);
        if (validated.Assembly is { } assembly
            && !await catalogue.HasAssemblyAsync(assembly.ContentHash, await owners.OwnerOfAsync(siteId) ?? ""))
        {
            throw new BalsamValidationException($"app '{name}'", "assembly.content_hash",
                $"no assembly image {assembly.ContentHash} was uploaded by the site's owner; upload it before registering the app");
        }

        var id = state.State.App?.Id ?? await ids.NextAsync(IdKind.App);
        state.State.App = new AppInfo(id, siteId, validated, DateTimeOffset.UtcNow);
        await state.WriteStateAsync();
        await catalogue.IndexAppAsync(id, siteId, name);
        return state.State.App;
    }

    public Task<AppInfo> GetAsync() =>
        Task.FromResult(state.State.App ?? throw new ResourceNotFoundException("App", this.GetPrimaryKeyString()));

    public Task<AppInfo?> FindAsync() => Task.FromResult(state.State.App);

    public async Task<bool> DeleteAsync()
    {
        if (state.State.App is null)
        {
            return false;
        }

        var id = state.State.App.Id;
        await state.ClearStateAsync();
        state.State.App = null;
        await catalogue.UnindexAppAsync(id);
        return true;
    }
}
