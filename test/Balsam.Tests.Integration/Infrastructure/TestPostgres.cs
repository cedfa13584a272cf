using Balsam.Silo.Postgres;
using Balsam.Silo.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Balsam.Tests.Integration.Infrastructure;

/// <summary>
/// One real PostgreSQL for the whole test run: <c>BALSAM_TEST_DB</c> (a connection string with CREATE DATABASE
/// rights) when set, else a private managed instance in a temp folder. Each test class gets its own database.
/// </summary>
[TestClass]
public static class TestPostgres
{
    private static ManagedPostgres? _managed;
    private static string? _serverConnectionString;
    private static string? _tempFolder;

    public static string ServerConnectionString => _serverConnectionString ?? throw new InvalidOperationException("PostgreSQL is not started");

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext _)
    {
        var external = Environment.GetEnvironmentVariable("BALSAM_TEST_DB");
        if (!string.IsNullOrWhiteSpace(external))
        {
            _serverConnectionString = external;
            return;
        }

        _tempFolder = Directory.CreateTempSubdirectory("balsam-test-pg-").FullName;
        _managed = await ManagedPostgres.StartAsync(
            new ManagedPostgresOptions { DataDirectory = Path.Combine(_tempFolder, "data") },
            NullLogger.Instance,
            new Dictionary<string, string> { ["fsync"] = "off", ["max_connections"] = "400" });
        _serverConnectionString = _managed.ConnectionStringFor("postgres");
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        await TestSlurm.StopAsync();
        if (_managed is not null)
        {
            await _managed.StopAsync();
        }

        if (_tempFolder is not null)
        {
            Directory.Delete(_tempFolder, recursive: true);
        }
    }

    /// <summary>A new, empty, migrated database; its name starts with <paramref name="prefix"/>.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance);
        return connectionString;
    }
}
