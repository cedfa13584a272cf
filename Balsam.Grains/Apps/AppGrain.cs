using Balsam.Errors;
using Balsam.Ids;

namespace Balsam.Apps;

[GrainType("balsam-app")]
public sealed class AppGrain(
    [PersistentState("app", StorageNames.Catalogue)] IPersistentState<AppState> state,
    IIdGenerator ids) : Grain, IAppGrain
{
    public async Task<AppInfo> RegisterAsync(AppDefinition definition)
    {
        var (siteId, name) = AppKey.Parse(this.GetPrimaryKeyString());
        if (definition.Name != name)
        {
            throw new BalsamValidationException($"app '{definition.Name}'", "name",
                $"must match the registration key '{name}'");
        }

        var validated = AppDefinitionValidator.Validate(definition);
        var id = state.State.App?.Id ?? await ids.NextAsync(IdKind.App);
        state.State.App = new AppInfo(id, siteId, validated, DateTimeOffset.UtcNow);
        await state.WriteStateAsync();
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

        await state.ClearStateAsync();
        state.State.App = null;
        return true;
    }
}
