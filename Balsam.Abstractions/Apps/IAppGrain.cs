namespace Balsam.Apps;

/// <summary>One registered app, keyed by <c>"{siteId}/{ClassName}"</c> (see <see cref="AppKey"/>).</summary>
[Alias("balsam.IAppGrain")]
public interface IAppGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores the definition; re-registering overwrites it and keeps the app's id.</summary>
    [Alias("Register")]
    Task<AppInfo> RegisterAsync(AppDefinition definition);

    /// <summary>The app, or <see cref="Errors.ResourceNotFoundException"/>.</summary>
    [Alias("Get")]
    Task<AppInfo> GetAsync();

    /// <summary>The app, or null when none is registered under this key.</summary>
    [Alias("Find")]
    Task<AppInfo?> FindAsync();

    /// <summary>Removes the app; returns false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
