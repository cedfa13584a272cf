using Balsam.Apps;
using Npgsql;

namespace Balsam.Silo.Storage;

/// <summary>The app catalogue tables of schema script 012.</summary>
public sealed class PostgresAppCatalogueStore(NpgsqlDataSource dataSource) : IAppCatalogueStore
{
    public async Task PutAssemblyAsync(string contentHash, string assemblyName, byte[] image, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO app_assemblies (content_hash, assembly_name, image, size_bytes) VALUES ($1, $2, $3, $4)
            ON CONFLICT (content_hash) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = contentHash });
        command.Parameters.Add(new() { Value = assemblyName });
        command.Parameters.Add(new() { Value = image });
        command.Parameters.Add(new() { Value = (long)image.Length });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> HasAssemblyAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM app_assemblies WHERE content_hash = $1)");
        command.Parameters.Add(new() { Value = contentHash });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<byte[]?> GetAssemblyAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT image FROM app_assemblies WHERE content_hash = $1");
        command.Parameters.Add(new() { Value = contentHash });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task IndexAppAsync(long appId, long siteId, string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO app_index (app_id, site_id, name) VALUES ($1, $2, $3)
            ON CONFLICT (app_id) DO UPDATE SET site_id = EXCLUDED.site_id, name = EXCLUDED.name
            """);
        command.Parameters.Add(new() { Value = appId });
        command.Parameters.Add(new() { Value = siteId });
        command.Parameters.Add(new() { Value = name });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UnindexAppAsync(long appId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM app_index WHERE app_id = $1");
        command.Parameters.Add(new() { Value = appId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(long SiteId, string Name)?> FindAppAsync(long appId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT site_id, name FROM app_index WHERE app_id = $1");
        command.Parameters.Add(new() { Value = appId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }
}
