namespace Balsam.Silo.Storage;

/// <summary>
/// Balsam's storage on PostgreSQL: the database and the tuning of the job store, its group commit and the dependency
/// promotion sweep. Set through <see cref="Hosting.BalsamPostgresSiloBuilderExtensions.AddBalsamPostgres"/>; checked when
/// the silo starts by <see cref="BalsamPostgresOptionsValidator"/>. The defaults are the tested values.
/// </summary>
public sealed class BalsamPostgresOptions
{
    /// <summary>The ADO.NET invariant name under which the Orleans providers find Npgsql.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>The database, already migrated to this build's schema (see <see cref="Schema.SchemaMigrator"/>). Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The most job-grain writes one group-commit transaction takes.</summary>
    public int GroupCommitMaxBatch { get; set; } = 512;

    /// <summary>How many group commits may be in flight at once (each on its own connection).</summary>
    public int GroupCommitWriters { get; set; } = 2;

    /// <summary>
    /// The longest a group commit waits for the rest of a report batch's writes (the grains of one batch write moments
    /// apart; without the wait the first would commit alone). 0 commits what is there.
    /// </summary>
    public int GroupCommitGatherMs { get; set; } = 3;

    /// <summary>Rows per COPY when jobs are created in bulk (all chunks of one call share one transaction).</summary>
    public int InsertChunkSize { get; set; } = 10_000;

    /// <summary>How often the safety-net sweep looks for waiting jobs whose parents have all finished.</summary>
    public TimeSpan PromotionSweepPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the sweep looks for RUNNING jobs whose session no longer exists (they time out).</summary>
    public TimeSpan OrphanedRunSweepPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the kept job counts are folded into one row per site, state and tag set (see <see cref="Jobs.JobCountFold"/>).</summary>
    public TimeSpan JobCountFoldPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most jobs one promotion sweep moves on.</summary>
    public int PromotionSweepLimit { get; set; } = 1_000;

    /// <summary>How many statements each connection keeps prepared (Npgsql <c>Max Auto Prepare</c>).</summary>
    public int MaxAutoPrepare { get; set; } = 64;

    /// <summary>How often a statement must run on a connection before it is prepared (Npgsql <c>Auto Prepare Min Usages</c>).</summary>
    public int AutoPrepareMinUsages { get; set; } = 2;
}
