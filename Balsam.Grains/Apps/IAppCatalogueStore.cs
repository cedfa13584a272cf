namespace Balsam.Apps;

/// <summary>Relational side of the app catalogue: assembly images by content hash, and app id to (site, name).</summary>
public interface IAppCatalogueStore
{
    /// <summary>Stores an image unless one with the same hash is there already.</summary>
    Task PutAssemblyAsync(string contentHash, string assemblyName, byte[] image, CancellationToken cancellationToken = default);

    Task<bool> HasAssemblyAsync(string contentHash, CancellationToken cancellationToken = default);

    Task<byte[]?> GetAssemblyAsync(string contentHash, CancellationToken cancellationToken = default);

    Task IndexAppAsync(long appId, long siteId, string name, CancellationToken cancellationToken = default);

    Task UnindexAppAsync(long appId, CancellationToken cancellationToken = default);

    Task<(long SiteId, string Name)?> FindAppAsync(long appId, CancellationToken cancellationToken = default);
}
