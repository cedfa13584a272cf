using Balsam.Configuration;
using Balsam.Silo.Hosting;
using Balsam.Silo.Postgres;
using Balsam.Silo.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Balsam.Silo.Auth;

/// <summary>
/// Opens the service's database for the operator's <c>balsam-silo user</c> commands, whether or not a silo runs:
/// the given connection string; else the managed PostgreSQL of this Balsam home, used where it runs or started (and
/// stopped again) where it does not. The schema is brought up to date first.
/// </summary>
internal static class AuthDatabase
{
    public static async Task<T> WithStoreAsync<T>(
        BalsamSiloOptions options, TextWriter log, Func<AuthStore, Task<T>> work, CancellationToken cancellationToken)
    {
        var postgres = new ManagedPostgresOptions
        {
            DataDirectory = options.PostgresData ?? Path.Combine(BalsamHome.Path, "postgres"),
            Port = options.PostgresPort,
            BinDirectory = options.PostgresBin,
        };
        var connectionString = options.ConnectionString ?? RunningManaged(postgres);
        ManagedPostgres? started = null;
        if (connectionString is null)
        {
            log.WriteLine($"Starting the managed PostgreSQL in {postgres.DataDirectory} (no silo is running) ...");
            started = await ManagedPostgres.StartAsync(postgres, NullLogger.Instance, cancellationToken: cancellationToken);
            connectionString = started.ConnectionString;
        }

        try
        {
            await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, cancellationToken);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            return await work(new AuthStore(dataSource));
        }
        finally
        {
            if (started is not null)
            {
                await started.StopAsync();
            }
        }
    }

    private static string? RunningManaged(ManagedPostgresOptions postgres)
    {
        try
        {
            return ManagedPostgres.ConnectionStringOfRunning(postgres);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
