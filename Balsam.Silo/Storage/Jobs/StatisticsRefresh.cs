using Npgsql;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// Refreshes the planner's statistics of the job tables right after bulk creates have grown them by a fifth (at least
/// <see cref="MinimumRows"/> rows), in the background. Autovacuum would get there within a minute or so; until then the
/// planner still sees the table as it was (a new site as empty), and a listing right after a bulk load picked a plan
/// that read a hundred thousand rows to return a hundred. The vacuum marks the new pages all-visible, so that the
/// listing's walk over (site, state, id, tags) reads only the index instead of fetching every row it passes; it leaves
/// the indexes alone (new rows leave nothing in them to clean), so it reads only the new part of the table.
/// </summary>
internal sealed class StatisticsRefresh(NpgsqlDataSource dataSource)
{
    public const int MinimumRows = 50_000;

    private long _rowsSince;
    private long _rowsAtLast;
    private int _running;

    public void RowsAdded(int rows)
    {
        var since = Interlocked.Add(ref _rowsSince, rows);
        if (since < Math.Max(MinimumRows, Interlocked.Read(ref _rowsAtLast) / 5) || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _rowsSince, 0);
        _ = Task.Run(RefreshAsync);
    }

    private async Task RefreshAsync()
    {
        try
        {
            await using (var analyze = dataSource.CreateCommand("VACUUM (ANALYZE, INDEX_CLEANUP OFF) jobs, job_events"))
            {
                await analyze.ExecuteNonQueryAsync();
            }

            await using var rows = dataSource.CreateCommand("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'jobs'::regclass");
            Interlocked.Exchange(ref _rowsAtLast, (long)(await rows.ExecuteScalarAsync())!);
        }
        catch (Exception e) when (e is NpgsqlException or ObjectDisposedException)
        {
            // Only a head start on autovacuum is lost (the database is away or shutting down).
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
