using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.States;
using Balsam.Validation;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>The job store on PostgreSQL (schema script 011); a bulk create copies <see cref="BalsamPostgresOptions.InsertChunkSize"/> rows per COPY.</summary>
public sealed partial class PostgresJobStore(NpgsqlDataSource dataSource, IOptions<BalsamPostgresOptions> options) : IJobStore
{
    private static readonly string AwaitingParents = SqlStateLiterals.Of(JobState.AwaitingParents);
    private static readonly string JobFinished = SqlStateLiterals.Of(JobState.JobFinished);
    private static readonly string Running = SqlStateLiterals.Of(JobState.Running);

    private readonly int _insertChunk = options.Value.InsertChunkSize;
    private readonly StatisticsRefresh _statistics = new(dataSource);

    public async Task<IReadOnlyList<JobRecord>> InsertAsync(IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken = default)
    {
        if (jobs.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (ids, parentStates) = await ReserveIdsAndLockParentsAsync(connection, transaction, jobs, cancellationToken);
        CheckParentsExist(jobs, parentStates);

        var records = new List<JobRecord>(jobs.Count);
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < jobs.Count; start += _insertChunk)
        {
            var insert = new JobInsert(now);
            for (var i = start; i < Math.Min(jobs.Count, start + _insertChunk); i++)
            {
                var finished = jobs[i].Spec.ParentIds.All(parent => parentStates[parent] == JobState.JobFinished);
                insert.Add(jobs[i], ids[i], finished);
            }

            await insert.WriteAsync(connection, transaction, cancellationToken);
            records.AddRange(insert.Records);
        }

        await transaction.CommitAsync(cancellationToken);
        _statistics.RowsAdded(jobs.Count);
        return records;
    }

    public async Task<IReadOnlyList<JobRecord>> QueryAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        query = await WithSitesThatHaveJobsAsync(query, cancellationToken);
        var p = new SqlParameters();
        var sql = JobQuerySql.Select(JobRows.SelectList, query, p);
        await using var command = Command(sql, p);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await JobRows.ReadAllAsync(reader, cancellationToken);
    }

    /// <summary>
    /// A listing of one state over more sites than <see cref="JobQuerySql.Select"/> walks one by one keeps only the sites
    /// whose kept counts hold such jobs (a user's many sites rarely all do): without it the planner walked the primary
    /// key and read every job of the other sites (a user with nine sites listed 100 of 200,000 jobs in 100-135 ms
    /// instead of 5-20).
    /// </summary>
    private async Task<JobQuery> WithSitesThatHaveJobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        if (!JobQuerySql.WalksBySite(query) || query.SiteIds is not { Count: > JobQuerySql.MaxSiteWalks })
        {
            return query;
        }

        var p = new SqlParameters();
        return query with { SiteIds = [.. await ReadIdsAsync(Command(JobQuerySql.SitesWithJobs(query, p), p), cancellationToken)] };
    }

    public async Task<long> CountAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var sql = JobCountSql.Kept(query, p) ?? $"SELECT count(*) FROM jobs j {JobQuerySql.Where(query, p)}";
        await using var command = Command(sql, p);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<JobFootprint> FootprintAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = Command($"""
            SELECT count(*), coalesce(sum(j.num_nodes::float8 / j.node_packing_count), 0), coalesce(min(j.num_nodes), 0)
            FROM jobs j {JobQuerySql.Where(query, p)}
            """, p);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new JobFootprint(reader.GetInt64(0), reader.GetDouble(1), reader.GetInt32(2));
    }

    public async Task<IReadOnlyList<long>> QueryIdsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        query = await WithSitesThatHaveJobsAsync(query, cancellationToken);
        var p = new SqlParameters();
        var sql = JobQuerySql.Select("j.id", query, p);
        return await ReadIdsAsync(Command(sql, p), cancellationToken);
    }

    public async Task<IReadOnlyList<JobEvent>> EventsAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = Command(EventQuerySql.Build(query, p), p);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<JobEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new JobEvent(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1),
                JobStateNames.Parse(reader.GetString(2)), JobStateNames.Parse(reader.GetString(3)), reader.GetString(4), reader.GetInt64(5)));
        }

        return events;
    }

    public async Task<IReadOnlyList<Transfers.TransferItemRecord>> TransferItemsAsync(
        Transfers.TransferItemQuery query, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = Command(TransferItemQuerySql.Build(query, p), p);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<Transfers.TransferItemRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new Transfers.TransferItemRecord
            {
                Id = reader.GetInt64(0),
                JobId = reader.GetInt64(1),
                Slot = reader.GetString(2),
                Direction = reader.GetString(3) == "in" ? Apps.TransferDirection.In : Apps.TransferDirection.Out,
                LocalPath = reader.GetString(4),
                RemotePath = reader.GetString(5),
                LocationAlias = reader.GetString(6),
                Recursive = reader.GetBoolean(7),
                State = Transfers.TransferItemStateNames.Parse(reader.GetString(8)),
                TaskId = reader.GetString(9),
                TransferInfo = reader.GetString(10),
            });
        }

        return items;
    }

    public Task<IReadOnlyList<long>> UpdateTransferItemsAsync(
        IReadOnlyList<Transfers.TransferItemUpdate> updates, IReadOnlyList<long>? withinSites, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var scope = withinSites is null ? "" : $"AND t.job_id IN (SELECT j.id FROM jobs j WHERE j.site_id = ANY({p.Add(withinSites.ToArray())}))";
        var sql = $$"""
            UPDATE transfer_items t SET state = u.state, task_id = coalesce(u.task_id, t.task_id),
                transfer_info = t.transfer_info || coalesce(u.info, '{}'::jsonb)
            FROM unnest({{p.Add(updates.Select(u => u.Id).ToArray())}}::bigint[], {{p.Add(updates.Select(u => Transfers.TransferItemStateNames.Name(u.State)).ToArray())}}::text[],
                {{p.Add(updates.Select(u => u.TaskId).ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text)}}::text[],
                {{p.Add(updates.Select(u => u.TransferInfo).ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb)}}::jsonb[])
                AS u(id, state, task_id, info)
            WHERE t.id = u.id {{scope}}
            RETURNING t.job_id
            """;
        return ReadIdsAsync(Command(sql, p), cancellationToken);
    }

    public Task<IReadOnlyList<long>> WaitingChildrenAsync(long parentId, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var sql = $"""
            SELECT c.id FROM job_parents jp JOIN jobs c ON c.id = jp.child_id
            WHERE jp.parent_id = {p.Add(parentId)} AND c.state = {AwaitingParents} ORDER BY c.id
            """;
        return ReadIdsAsync(Command(sql, p), cancellationToken);
    }

    public async Task<bool> AllParentsFinishedAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = Command($"""
            SELECT NOT EXISTS (
                SELECT 1 FROM job_parents jp LEFT JOIN jobs parent ON parent.id = jp.parent_id
                WHERE jp.child_id = {p.Add(jobId)} AND (parent.id IS NULL OR parent.state <> {JobFinished}))
            """, p);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task<IReadOnlyList<long>> PromotableJobsAsync(int limit, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var sql = $"""
            SELECT j.id FROM jobs j
            WHERE j.state = {AwaitingParents} AND NOT EXISTS (
                SELECT 1 FROM job_parents jp LEFT JOIN jobs parent ON parent.id = jp.parent_id
                WHERE jp.child_id = j.id AND (parent.id IS NULL OR parent.state <> {JobFinished}))
            ORDER BY j.id LIMIT {p.Add(limit)}
            """;
        return ReadIdsAsync(Command(sql, p), cancellationToken);
    }

    public async Task<IReadOnlyList<JobRecord>> AcquireAsync(
        long sessionId, long siteId, AcquireRequest request, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = Command(AcquireSql.Build(sessionId, siteId, request, p), p);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var jobs = await JobRows.ReadAllAsync(reader, cancellationToken);
        return jobs.Select(job => job with { SessionId = sessionId }).ToList();
    }

    public Task<IReadOnlyList<long>> ReleaseSessionAsync(long sessionId, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var session = p.Add(sessionId);
        var sql = $"""
            WITH released AS (UPDATE jobs SET session_id = NULL WHERE session_id = {session} AND state <> {Running} RETURNING id)
            SELECT id FROM jobs WHERE session_id = {session} AND state = {Running} ORDER BY id
            """;
        return ReadIdsAsync(Command(sql, p), cancellationToken);
    }

    public async Task<bool?> DeleteAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var id = p.Add(jobId);
        await using var command = Command($"""
            WITH deleted AS (DELETE FROM jobs WHERE id = {id} AND session_id IS NULL RETURNING id)
            SELECT (SELECT count(*) FROM deleted) AS deleted, (SELECT count(*) FROM jobs WHERE id = {id}) AS existing
            """, p);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) > 0 ? true : reader.GetInt64(1) > 0 ? false : null;
    }

    public async Task<long> DeleteAllAsync(long siteId, string? appName, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var sql = appName is null
            ? $"DELETE FROM jobs WHERE site_id = {p.Add(siteId)}"
            : $"DELETE FROM jobs WHERE site_id = {p.Add(siteId)} AND app_name = {p.Add(appName)}";
        await using var command = Command(sql, p);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One job row, for the job grain storage.</summary>
    internal async Task<JobRecord?> ReadAsync(long jobId, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        await using var command = Command($"SELECT {JobRows.SelectList} FROM jobs j WHERE j.id = {p.Add(jobId)}", p);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? JobRows.Read(reader) : null;
    }

    private NpgsqlCommand Command(string sql, SqlParameters parameters)
    {
        var command = dataSource.CreateCommand(sql);
        parameters.CopyTo(command);
        return command;
    }

    private static async Task<IReadOnlyList<long>> ReadIdsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var ids = new List<long>();
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
            }

            return ids;
        }
    }

    private static async Task<(long[] Ids, Dictionary<long, JobState> ParentStates)> ReserveIdsAndLockParentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<NewJob> jobs, CancellationToken ct)
    {
        var parentIds = jobs.SelectMany(j => j.Spec.ParentIds).Distinct().ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT nextval('balsam_job_id_seq') FROM generate_series(1, $1)") { Parameters = { new() { Value = jobs.Count } } },
                // Parents are locked until the children are in, so a parent cannot finish unseen in between.
                new NpgsqlBatchCommand("SELECT id, state FROM jobs WHERE id = ANY($1) ORDER BY id FOR SHARE") { Parameters = { new() { Value = parentIds } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var ids = new long[jobs.Count];
        for (var i = 0; await reader.ReadAsync(ct); i++)
        {
            ids[i] = reader.GetInt64(0);
        }

        await reader.NextResultAsync(ct);
        var states = new Dictionary<long, JobState>();
        while (await reader.ReadAsync(ct))
        {
            states[reader.GetInt64(0)] = JobStateNames.Parse(reader.GetString(1));
        }

        return (ids, states);
    }

    private static void CheckParentsExist(IReadOnlyList<NewJob> jobs, Dictionary<long, JobState> parentStates)
    {
        var errors = new ValidationCollector(jobs.Count == 1 ? "job" : $"bulk create of {jobs.Count} jobs (nothing was created)");
        for (var i = 0; i < jobs.Count; i++)
        {
            var missing = jobs[i].Spec.ParentIds.Where(id => !parentStates.ContainsKey(id)).ToList();
            errors.Require(missing.Count == 0, jobs.Count == 1 ? "parent_ids" : $"jobs[{i}].parent_ids",
                $"no job with id {string.Join(", ", missing)}; parents must exist before their children");
        }

        errors.ThrowIfAny();
    }
}
