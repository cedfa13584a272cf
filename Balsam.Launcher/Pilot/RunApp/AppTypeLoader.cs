using System.Reflection;
using System.Runtime.Loader;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Client.Apps;

namespace Balsam.Launcher.Pilot.RunApp;

/// <summary>
/// Loads an app's class at the site: its assembly image comes from the service (cached under the site's
/// <c>apps/.cache</c> by content hash) into a collectible load context; what the assembly references resolves from
/// this process first (Balsam.Client, the framework), then from the cache folder. The service is asked only for an
/// image not in the cache.
/// </summary>
public sealed class AppTypeLoader
{
    private readonly Func<string, Task<byte[]>> _download;
    private readonly string _siteFolder;
    private readonly Dictionary<string, Assembly> _loaded = [];
    private readonly Dictionary<string, (string ContentHash, AssemblyLoadContext Context)> _contexts = [];

    /// <summary>A loader that downloads missing images through <paramref name="client"/>.</summary>
    public AppTypeLoader(BalsamClient client, string siteFolder)
        : this(contentHash => client.Cluster.GetGrain<IAppCatalogueGrain>(0).DownloadAssemblyAsync(contentHash), siteFolder)
    {
    }

    /// <summary>A loader that calls <paramref name="download"/> (content hash to image) only for an image not cached yet.</summary>
    public AppTypeLoader(Func<string, Task<byte[]>> download, string siteFolder)
    {
        _download = download;
        _siteFolder = siteFolder;
    }

    public async Task<ApplicationDefinition> CreateAsync(AppInfo app)
    {
        var reference = app.Definition.Assembly ?? throw new InvalidOperationException(
            $"app '{app.Name}' has no code at the service (it was registered as a command template, not synced from a class)");
        if (!_loaded.TryGetValue(reference.ContentHash, out var assembly))
        {
            var file = await CachedImageAsync(reference.ContentHash);
            // A long-lived loader (the warm executor) holds one version of an assembly: a newer image replaces the
            // older one, whose context is unloaded once nothing of it runs any more.
            if (_contexts.Remove(reference.AssemblyName, out var older))
            {
                _loaded.Remove(older.ContentHash);
                older.Context.Unload();
            }

            var context = new AppLoadContext(reference.AssemblyName);
            assembly = context.LoadFromAssemblyPath(file);
            _loaded[reference.ContentHash] = assembly;
            _contexts[reference.AssemblyName] = (reference.ContentHash, context);
        }

        var type = assembly.GetType(reference.TypeName) ?? throw new InvalidOperationException(
            $"the assembly of app '{app.Name}' has no type {reference.TypeName}");
        return AppDefinitionBuilder.Instantiate(type);
    }

    /// <summary>The path of the cached image with <paramref name="contentHash"/>, downloaded first when it is not cached yet.</summary>
    public async Task<string> CachedImageAsync(string contentHash)
    {
        var cache = Path.Combine(_siteFolder, "apps", ".cache");
        Directory.CreateDirectory(cache);
        var file = Path.Combine(cache, $"{contentHash}.dll");
        if (!File.Exists(file))
        {
            var image = await _download(contentHash);
            var temporary = $"{file}.{Environment.ProcessId}.tmp";
            await File.WriteAllBytesAsync(temporary, image);
            File.Move(temporary, file, overwrite: true);
        }

        return file;
    }

    private sealed class AppLoadContext(string name) : AssemblyLoadContext($"balsam-app-{name}", isCollectible: true)
    {
        // Null: resolve from the default context, so the app shares Balsam.Client's types with this process.
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
