namespace Balsam.Apps;

/// <summary>App code uploads and look-ups by app id. A stateless worker.</summary>
[Alias("balsam.IAppCatalogueGrain")]
public interface IAppCatalogueGrain : IGrainWithIntegerKey
{
    /// <summary>Stores an assembly image; returns its reference (the hash is computed here and must match when given).</summary>
    [Alias("UploadAssembly")]
    Task<string> UploadAssemblyAsync(string assemblyName, byte[] image);

    [Alias("HasAssembly")]
    Task<bool> HasAssemblyAsync(string contentHash);

    /// <summary>The image, or <see cref="Errors.ResourceNotFoundException"/>.</summary>
    [Alias("DownloadAssembly")]
    Task<byte[]> DownloadAssemblyAsync(string contentHash);

    /// <summary>The app with this id, or <see cref="Errors.ResourceNotFoundException"/>.</summary>
    [Alias("GetAppById")]
    Task<AppInfo> GetAppByIdAsync(long appId);
}
