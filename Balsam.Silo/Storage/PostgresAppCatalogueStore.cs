using Balsam.Apps;
using Npgsql;

namespace Balsam.Silo.Storage;

/// <summary>The app catalogue tables of schema scripts 012 and 016.</summary>
public sealed class PostgresAppCatalogueStore(NpgsqlDataSource dataSource) : IAppCatalogueStore
{
    public async Task PutAssemblyAsync(string contentHash, string assemblyName, byte[] image, string uploader,
        CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        var imageRow = new NpgsqlBatchCommand("""
            INSERT INTO app_assemblies (content_hash, assembly_name, image, size_bytes) VALUES ($1, $2, $3, $4)
            ON CONFLICT (content_hash) DO NOTHING
            """);
        imageRow.Parameters.Add(new() { Value = contentHash });
        imageRow.Parameters.Add(new() { Value = assemblyName });
        imageRow.Parameters.Add(new() { Value = image });
        imageRow.Parameters.Add(new() { Value = (long)image.Length });
        var uploaderRow = new NpgsqlBatchCommand(
            "INSERT INTO app_assembly_uploaders (content_hash, user_name) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        uploaderRow.Parameters.Add(new() { Value = contentHash });
        uploaderRow.Parameters.Add(new() { Value = uploader });
        batch.BatchCommands.Add(imageRow);
        batch.BatchCommands.Add(uploaderRow);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> HasAssemblyAsync(string contentHash, string? uploader, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(uploader is null
            ? "SELECT EXISTS (SELECT 1 FROM app_assemblies WHERE content_hash = $1)"
            : "SELECT EXISTS (SELECT 1 FROM app_assembly_uploaders WHERE content_hash = $1 AND user_name IN ($2, '*'))");
        command.Parameters.Add(new() { Value = contentHash });
        if (uploader is not null)
        {
            command.Parameters.Add(new() { Value = uploader });
        }

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
