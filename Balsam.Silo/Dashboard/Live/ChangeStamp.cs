using Npgsql;

namespace Balsam.Silo.Dashboard.Live;

/// <summary>
/// A cheap fingerprint of what the status page shows: it differs whenever a job is created, changes or is deleted, a
/// batch job changes, or a transfer item in flight moves. Reading it costs a few index look-ups and a scan of the
/// items in flight, so the feed can ask every second.
/// </summary>
public sealed class ChangeStamp(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT concat_ws('|',
            (SELECT max(id) FROM job_events),
            (SELECT count(*) FROM jobs),
            (SELECT max(last_update) FROM jobs),
            (SELECT count(*) FROM batch_jobs),
            (SELECT max(last_update) FROM batch_jobs),
            (SELECT count(*) || ':' || coalesce(sum(hashtext(id::text || state)), 0) FROM transfer_items WHERE state NOT IN ('done', 'error')))
        """;

    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
