using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Balsam.Silo.Schema;

/// <summary>
/// Brings a database to this build's schema: the Orleans ADO.NET tables and queries, then Balsam's own tables.
/// Scripts are embedded resources named <c>NNN-name.sql</c>; each runs once, in order, in its own transaction,
/// recorded in <c>balsam_schema_version</c>. An advisory lock lets several silos start at once.
/// </summary>
public static class SchemaMigrator
{
    private const string ResourcePrefix = "Balsam.Silo.Schema.Sql.";
    private const long AdvisoryLockKey = 0x42616c73616d; // "Balsam"

    /// <summary>The scripts of this build, ordered by version.</summary>
    public static IReadOnlyList<SchemaScript> Scripts { get; } = LoadScripts();

    public static int LatestVersion => Scripts[^1].Version;

    /// <summary>Applies every script newer than the database; returns the versions applied.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock($1)", cancellationToken, AdvisoryLockKey);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS balsam_schema_version (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var current = await CurrentVersionAsync(connection, cancellationToken);
            if (current > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The database schema is at version {current}, newer than this build knows ({LatestVersion}). Upgrade Balsam.");
            }

            var applied = new List<int>();
            foreach (var script in Scripts.Where(s => s.Version > current))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO balsam_schema_version (version, name) VALUES ($1, $2)", cancellationToken, script.Version, script.Name);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied schema script {Version:000} {Name}", script.Version, script.Name);
                applied.Add(script.Version);
            }

            return applied;
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock($1)", CancellationToken.None, AdvisoryLockKey);
        }
    }

    public static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM balsam_schema_version", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private static List<SchemaScript> LoadScripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(resource =>
            {
                var fileName = resource[ResourcePrefix.Length..^".sql".Length];
                var dash = fileName.IndexOf('-');
                using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                return new SchemaScript(int.Parse(fileName[..dash]), fileName[(dash + 1)..], reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)
            .ToList();
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? scripts : throw new InvalidOperationException($"Two schema scripts share version {duplicate.Key}");
    }
}
