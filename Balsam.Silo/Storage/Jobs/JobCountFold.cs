using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// Keeps the kept job counts (schema script 020) short: every <see cref="BalsamPostgresOptions.JobCountFoldPeriod"/> it
/// sums each (site, state, tags) group that gained deltas into one row, and drops groups that sum to zero. A count is
/// right whether or not a fold has run; folding only keeps it a read of a few rows.
/// </summary>
public sealed class JobCountFold(NpgsqlDataSource dataSource, IOptions<BalsamPostgresOptions> options, ILogger<JobCountFold> logger)
    : BackgroundService
{
    /// <summary>
    /// One statement: the deltas it deletes are exactly the ones it sums (a fold running at the same time on another silo
    /// skips rows this one deleted), and deltas committed meanwhile stay for the next fold.
    /// </summary>
    private const string Sql = """
        WITH touched AS (SELECT DISTINCT site_id, state, tags FROM job_counts WHERE NOT folded),
        gone AS (
            DELETE FROM job_counts c USING touched t
            WHERE c.site_id = t.site_id AND c.state = t.state AND c.tags = t.tags
            RETURNING c.site_id, c.state, c.tags, c.n)
        INSERT INTO job_counts (site_id, state, tags, n, folded)
        SELECT site_id, state, tags, sum(n), true FROM gone GROUP BY site_id, state, tags HAVING sum(n) <> 0
        """;

    private readonly TimeSpan _period = options.Value.JobCountFoldPeriod;

    /// <summary>Folds every group with new deltas now.</summary>
    internal static async Task FoldAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FoldAsync(dataSource, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Folding the kept job counts failed; it runs again in {Period}", _period);
            }
        }
    }
}
