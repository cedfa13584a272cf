using Balsam.BatchJobs;
using Balsam.Silo.Storage.Jobs;
using Npgsql;

namespace Balsam.Silo.Storage.BatchJobs;

/// <summary>The <c>batch_jobs</c> table of schema script 013.</summary>
public sealed class PostgresBatchJobStore(NpgsqlDataSource dataSource) : IBatchJobStore
{
    private const string Columns = """
        id, site_id, scheduler_id, project, queue, num_nodes, wall_time_min, job_mode, optional_params::text,
        filter_tags::text, partitions::text, state, status_info::text, start_time, end_time, created_at, last_update
        """;

    public async Task InsertAsync(BatchJobRecord record, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var values = Values(record, p);
        await using var command = dataSource.CreateCommand($"INSERT INTO batch_jobs ({Columns.Replace("::text", "")}) VALUES ({values})");
        p.CopyTo(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<BatchJobRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(new BatchJobQuery { Ids = [id] }, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task UpdateAsync(BatchJobRecord record, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = dataSource.CreateCommand($"""
            UPDATE batch_jobs SET scheduler_id = {p.Add(record.SchedulerId, NpgsqlTypes.NpgsqlDbType.Bigint)},
                state = {p.Add(record.State.Name())}, status_info = {p.Jsonb(JsonMaps.FromStrings(record.StatusInfo))},
                start_time = {p.Add(record.StartTime, NpgsqlTypes.NpgsqlDbType.TimestampTz)},
                end_time = {p.Add(record.EndTime, NpgsqlTypes.NpgsqlDbType.TimestampTz)},
                last_update = {p.Add(record.LastUpdate)}
            WHERE id = {p.Add(record.Id)}
            """);
        p.CopyTo(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<BatchJobRecord>> QueryAsync(BatchJobQuery query, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var sql = $"SELECT {Columns} FROM batch_jobs b {BatchJobQuerySql.Where(query, p)} {BatchJobQuerySql.OrderAndPage(query, p)}";
        await using var command = dataSource.CreateCommand(sql);
        p.CopyTo(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<BatchJobRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(BatchJobRows.Read(reader));
        }

        return rows;
    }

    public async Task<long> CountAsync(BatchJobQuery query, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM batch_jobs b {BatchJobQuerySql.Where(query, p)}");
        p.CopyTo(command);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM batch_jobs WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task DeleteBySiteAsync(long siteId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM batch_jobs WHERE site_id = $1");
        command.Parameters.Add(new() { Value = siteId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Values(BatchJobRecord r, SqlParameters p) => string.Join(", ",
        p.Add(r.Id), p.Add(r.SiteId), p.Add(r.SchedulerId, NpgsqlTypes.NpgsqlDbType.Bigint), p.Add(r.Project), p.Add(r.Queue),
        p.Add(r.NumNodes), p.Add(r.WallTimeMin), p.Add(r.JobMode.Name()), p.Jsonb(JsonMaps.FromStrings(r.OptionalParams)),
        p.Jsonb(JsonMaps.FromStrings(r.FilterTags)), p.Jsonb(BatchJobRows.PartitionsJson(r.Partitions)), p.Add(r.State.Name()),
        p.Jsonb(JsonMaps.FromStrings(r.StatusInfo)), p.Add(r.StartTime, NpgsqlTypes.NpgsqlDbType.TimestampTz),
        p.Add(r.EndTime, NpgsqlTypes.NpgsqlDbType.TimestampTz), p.Add(r.CreatedAt), p.Add(r.LastUpdate));
}
