namespace Balsam.Apps;

/// <summary>Relational side of the app catalogue: assembly images by content hash, and app id to (site, name).</summary>
public interface IAppCatalogueStore
{
    /// <summary>Stores an image unless one with the same hash is there already, and records that the user uploaded it.</summary>
    Task PutAssemblyAsync(string contentHash, string assemblyName, byte[] image, string uploader, CancellationToken cancellationToken = default);

    /// <summary>Whether the image is stored and, unless <paramref name="uploader"/> is null, that user uploaded it.</summary>
    Task<bool> HasAssemblyAsync(string contentHash, string? uploader, CancellationToken cancellationToken = default);

    Task<byte[]?> GetAssemblyAsync(string contentHash, CancellationToken cancellationToken = default);

    Task IndexAppAsync(long appId, long siteId, string name, CancellationToken cancellationToken = default);

    Task UnindexAppAsync(long appId, CancellationToken cancellationToken = default);

    Task<(long SiteId, string Name)?> FindAppAsync(long appId, CancellationToken cancellationToken = default);
}
