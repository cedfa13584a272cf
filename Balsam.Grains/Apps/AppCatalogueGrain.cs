using System.Security.Cryptography;
using Balsam.Errors;
using Orleans.Concurrency;

namespace Balsam.Apps;

/// <summary>
/// Assembly images and the app index. A user sees only images they uploaded (an image is stored once, but each uploader
/// is recorded) and only apps of their own sites.
/// </summary>
[StatelessWorker]
[GrainType("balsam-app-catalogue")]
public sealed class AppCatalogueGrain(IAppCatalogueStore store, Security.SiteOwners owners) : Grain, IAppCatalogueGrain
{
    public async Task<string> UploadAssemblyAsync(string assemblyName, byte[] image)
    {
        var errors = new Validation.ValidationCollector($"assembly '{assemblyName}'");
        errors.Require(image.Length > 0, "image", "must not be empty");
        errors.Require(image.Length <= ContractLimits.MaxAssemblyBytes, "image",
            $"is {image.Length / 1024 / 1024.0:F1} MiB; the limit is {ContractLimits.MaxAssemblyBytes / 1024 / 1024} MiB (keep app classes in a small assembly of their own)");
        errors.Require(!string.IsNullOrWhiteSpace(assemblyName), "assembly_name", "must not be empty");
        errors.ThrowIfAny();

        var hash = ContentHash(image);
        await store.PutAssemblyAsync(hash, assemblyName, image, Security.CallerScope.Current ?? "*");
        return hash;
    }

    public Task<bool> HasAssemblyAsync(string contentHash) => store.HasAssemblyAsync(contentHash, Security.CallerScope.Current);

    public async Task<byte[]> DownloadAssemblyAsync(string contentHash) =>
        (await store.HasAssemblyAsync(contentHash, Security.CallerScope.Current) ? await store.GetAssemblyAsync(contentHash) : null)
        ?? throw new ResourceNotFoundException("Assembly", contentHash);

    public async Task<AppInfo> GetAppByIdAsync(long appId)
    {
        var key = await store.FindAppAsync(appId) is { } found && await owners.IsVisibleAsync(found.SiteId)
            ? found
            : throw new ResourceNotFoundException("App", appId.ToString());
        return await GrainFactory.GetGrain<IAppGrain>(AppKey.For(key.SiteId, key.Name)).GetAsync();
    }

    public static string ContentHash(byte[] image) => Convert.ToHexString(SHA256.HashData(image)).ToLowerInvariant();
}
