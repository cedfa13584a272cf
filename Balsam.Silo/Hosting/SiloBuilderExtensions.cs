using Balsam.Ids;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Silo.Storage;
using Balsam.Silo.Storage.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Balsam.Silo.Hosting;

/// <summary>Wiring of Balsam's storage into an Orleans silo; shared by the silo host and the test clusters.</summary>
public static class SiloBuilderExtensions
{
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>Grain storage, reminders and id sequences on one PostgreSQL database (schema already migrated).</summary>
    public static ISiloBuilder UseBalsamPostgres(
        this ISiloBuilder silo, string connectionString, Action<SessionExpiryOptions>? configureSessions = null)
    {
        silo.AddAdoNetGrainStorage(StorageNames.Catalogue, options =>
        {
            options.Invariant = AdoNetInvariant;
            options.ConnectionString = connectionString;
            options.DeleteStateOnClear = true; // a deleted site or app leaves no row behind
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = AdoNetInvariant;
            options.ConnectionString = connectionString;
        });
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(WithAutoPrepare(connectionString)));
        silo.Services.AddSingleton<IIdGenerator, PostgresIdGenerator>();
        silo.Services.AddSingleton<Balsam.Apps.IAppCatalogueStore, PostgresAppCatalogueStore>();
        silo.Services.AddSingleton<Balsam.BatchJobs.IBatchJobStore, Storage.BatchJobs.PostgresBatchJobStore>();

        silo.Services.AddSingleton<PostgresJobStore>();
        silo.Services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<PostgresJobStore>());
        silo.Services.AddSingleton<JobWriteCoalescer>();
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Jobs, (sp, _) =>
            new JobGrainStorage(sp.GetRequiredService<PostgresJobStore>(), sp.GetRequiredService<JobWriteCoalescer>()));
        silo.Services.AddHostedService<PromotionSweep>();
        silo.Services.Configure<SessionExpiryOptions>(options => configureSessions?.Invoke(options));
        return silo;
    }

    /// <summary>The job store's hot statements are prepared once per connection instead of planned on every call.</summary>
    private static string WithAutoPrepare(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;

    /// <summary>Localhost clustering, or membership in the PostgreSQL table so several silos form one cluster.</summary>
    public static ISiloBuilder UseBalsamClustering(this ISiloBuilder silo, BalsamSiloOptions options, string connectionString)
    {
        switch (options.Clustering.ToLowerInvariant())
        {
            case "localhost":
                var primary = options.PrimarySiloPort is { } port
                    ? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port)
                    : null;
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId);
                break;
            case "adonet":
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = AdoNetInvariant;
                    o.ConnectionString = connectionString;
                });
                silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = options.ClusterId;
                    o.ServiceId = options.ServiceId;
                });
                silo.ConfigureEndpoints(System.Net.IPAddress.Parse(options.Address), options.SiloPort, options.GatewayPort);
                break;
            default:
                throw new ArgumentException(
                    $"Clustering '{options.Clustering}' is not known: use 'localhost' or 'adonet' (option clustering)");
        }

        return silo;
    }
}
