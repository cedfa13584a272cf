using Balsam.Apps;
using Balsam.BatchJobs;
using Balsam.Ids;
using Balsam.Jobs;
using Balsam.Silo.Storage;
using Balsam.Silo.Storage.BatchJobs;
using Balsam.Silo.Storage.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Storage;

namespace Balsam.Silo.Hosting;

/// <summary>Balsam's storage in an Orleans silo: one PostgreSQL database for grain state, reminders, jobs and ids.</summary>
public static class BalsamPostgresSiloBuilderExtensions
{
    /// <summary>
    /// Registers Balsam's stores on PostgreSQL: the job store (with its group commit, as the <c>jobs</c> grain storage),
    /// the batch-job store, the app catalogue store, the id generator, the stock ADO.NET grain storage for the catalogue,
    /// the ADO.NET reminder service, the dependency promotion and orphaned-run sweeps, and the filter that turns storage
    /// failures into <see cref="Errors.BalsamTransientException"/>. The database must already be migrated
    /// (<see cref="Schema.SchemaMigrator.MigrateAsync"/>). The options are validated when the silo starts.
    /// </summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="configure">Sets <see cref="BalsamPostgresOptions.ConnectionString"/> (required) and any tuning.</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder AddBalsamPostgres(this ISiloBuilder silo, Action<BalsamPostgresOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var services = silo.Services;
        services.AddOptions<BalsamPostgresOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BalsamPostgresOptions>, BalsamPostgresOptionsValidator>());

        silo.AddAdoNetGrainStorage(StorageNames.Catalogue, builder => builder.Configure<IOptions<BalsamPostgresOptions>>((o, postgres) =>
        {
            o.Invariant = BalsamPostgresOptions.AdoNetInvariant;
            o.ConnectionString = postgres.Value.ConnectionString;
            o.DeleteStateOnClear = true; // a deleted site or app leaves no row behind
        }));
        silo.UseAdoNetReminderService(builder => builder.Configure<IOptions<BalsamPostgresOptions>>((o, postgres) =>
        {
            o.Invariant = BalsamPostgresOptions.AdoNetInvariant;
            o.ConnectionString = postgres.Value.ConnectionString;
        }));

        services.AddSingleton(sp => NpgsqlDataSource.Create(WithAutoPrepare(sp.GetRequiredService<IOptions<BalsamPostgresOptions>>().Value)));
        services.AddSingleton<IIdGenerator, PostgresIdGenerator>();
        services.AddSingleton<IAppCatalogueStore, PostgresAppCatalogueStore>();
        services.AddSingleton<IBatchJobStore, PostgresBatchJobStore>();
        services.AddSingleton<PostgresJobStore>();
        services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<PostgresJobStore>());
        services.AddSingleton(sp => new JobRowsDataSource(WithAutoPrepare(sp.GetRequiredService<IOptions<BalsamPostgresOptions>>().Value)));
        services.AddSingleton(sp => new JobWriteCoalescer(sp.GetRequiredService<JobRowsDataSource>().DataSource,
            sp.GetRequiredService<IOptions<BalsamPostgresOptions>>(), sp.GetRequiredService<ILogger<JobWriteCoalescer>>()));
        services.AddSingleton(sp => new JobReadCoalescer(sp.GetRequiredService<JobRowsDataSource>().DataSource,
            sp.GetRequiredService<ILogger<JobReadCoalescer>>()));
        services.AddKeyedSingleton<IGrainStorage>(StorageNames.Jobs, (sp, _) => new JobGrainStorage(
            sp.GetRequiredService<PostgresJobStore>(), sp.GetRequiredService<JobReadCoalescer>(), sp.GetRequiredService<JobWriteCoalescer>()));
        services.AddHostedService<PromotionSweep>();
        services.AddHostedService<OrphanedRunSweep>();
        services.AddHostedService<JobCountFold>();
        silo.AddIncomingGrainCallFilter<TransientErrorFilter>();
        return silo;
    }

    /// <summary>
    /// The job store's hot statements are prepared once per connection instead of planned on every call; and no JIT:
    /// a count or listing over a million jobs crosses PostgreSQL's JIT cost threshold, and compiling the plan then costs
    /// more (tens to hundreds of ms) than the scan it speeds up. A connection goes back to the pool without the reset
    /// statement Npgsql sends by default: the store leaves no session state behind (no SET, LISTEN, temporary tables or
    /// session locks), and the reset was a third of all the statements a job cost.
    /// </summary>
    private static string WithAutoPrepare(BalsamPostgresOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            MaxAutoPrepare = options.MaxAutoPrepare,
            AutoPrepareMinUsages = options.AutoPrepareMinUsages,
            NoResetOnClose = true,
        };
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : $"{builder.Options} -c jit=off";
        return builder.ConnectionString;
    }
}
