using Balsam.States;
using Balsam.Transfers;
using Npgsql;
using NpgsqlTypes;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// One statement for a whole group commit: every row update (each checked against its version), the events of the
/// rows that were written, and the stage-out items they release. Each written row comes back with its new version and
/// whether it finished with children (only then are children worth looking for). The SQL text is the same for every group size, so
/// it is prepared once per connection.
/// </summary>
internal static class GroupWriteSql
{
    private static readonly string Sql = $"""
        WITH input AS (
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::jsonb[], $4::jsonb[], $5::int[], $6::int[], $7::int[], $8::int[],
                $9::int[], $10::float8[], $11::int[], $12::int[], $13::jsonb[], $14::text[], $15::jsonb[], $16::timestamptz[],
                $17::bigint[], $18::boolean[], $19::int[], $20::bigint[], $21::text[], $22::text[], $23::boolean[])
            AS v(id, expected, tags, data, return_code, num_nodes, ranks_per_node, threads_per_rank, threads_per_core,
                 gpus_per_rank, node_packing_count, wall_time_min, launch_params, state, state_data, last_update, batch_job_id,
                 pending_file_cleanup, lease, session_id, return_value, exception, release_stage_out)),
        written AS (
            UPDATE jobs j SET tags = v.tags, data = v.data, return_code = v.return_code, num_nodes = v.num_nodes,
                ranks_per_node = v.ranks_per_node, threads_per_rank = v.threads_per_rank, threads_per_core = v.threads_per_core,
                gpus_per_rank = v.gpus_per_rank, node_packing_count = v.node_packing_count, wall_time_min = v.wall_time_min,
                launch_params = v.launch_params, state = v.state, state_data = v.state_data, last_update = v.last_update,
                batch_job_id = v.batch_job_id, pending_file_cleanup = v.pending_file_cleanup,
                session_id = CASE v.lease WHEN 0 THEN j.session_id WHEN 1 THEN NULL ELSE coalesce(v.session_id, j.session_id) END,
                return_value = v.return_value, exception = v.exception, version = j.version + 1
            FROM input v
            WHERE j.id = v.id AND j.version = v.expected
            RETURNING j.id, j.version),
        events AS (
            INSERT INTO job_events (job_id, timestamp, from_state, to_state, data)
            SELECT e.job_id, e.ts, e.from_state, e.to_state, e.data
            FROM unnest($24::bigint[], $25::timestamptz[], $26::text[], $27::text[], $28::jsonb[]) AS e(job_id, ts, from_state, to_state, data)
            JOIN written w ON w.id = e.job_id),
        released AS (
            UPDATE transfer_items t SET state = {SqlStateLiterals.Of(TransferItemState.Pending)}
            FROM written w JOIN input v ON v.id = w.id
            WHERE v.release_stage_out AND t.job_id = w.id AND t.direction = 'out' AND t.state = {SqlStateLiterals.Of(TransferItemState.AwaitingJob)})
        SELECT w.id, w.version, v.state = {SqlStateLiterals.Of(JobState.JobFinished)}
            AND EXISTS (SELECT 1 FROM job_parents jp WHERE jp.parent_id = w.id)
        FROM written w JOIN input v ON v.id = w.id
        """;

    private const NpgsqlDbType JsonbArray = NpgsqlDbType.Array | NpgsqlDbType.Jsonb;

    public static NpgsqlCommand Command(IReadOnlyList<JobWrite> batch, NpgsqlConnection connection)
    {
        var jobs = batch.Select(w => w.Job).ToList();
        var resources = jobs.Select(j => j.Resources).ToList();
        var events = batch.SelectMany(w => w.Events).ToList();
        var command = new NpgsqlCommand(Sql, connection);
        void Add(object values, NpgsqlDbType? type = null) =>
            command.Parameters.Add(type is { } t ? new NpgsqlParameter { Value = values, NpgsqlDbType = t } : new NpgsqlParameter { Value = values });

        Add(jobs.Select(j => j.Id).ToArray());
        Add(batch.Select(w => w.ExpectedVersion).ToArray());
        Add(jobs.Select(j => JsonMaps.FromStrings(j.Tags)).ToArray(), JsonbArray);
        Add(jobs.Select(j => j.Data).ToArray(), JsonbArray);
        Add(jobs.Select(j => j.ReturnCode).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
        Add(resources.Select(r => r.NumNodes).ToArray());
        Add(resources.Select(r => r.RanksPerNode).ToArray());
        Add(resources.Select(r => r.ThreadsPerRank).ToArray());
        Add(resources.Select(r => r.ThreadsPerCore).ToArray());
        Add(resources.Select(r => r.GpusPerRank).ToArray());
        Add(resources.Select(r => r.NodePackingCount).ToArray());
        Add(resources.Select(r => r.WallTimeMin).ToArray());
        Add(resources.Select(r => JsonMaps.FromStrings(r.LaunchParams)).ToArray(), JsonbArray);
        Add(jobs.Select(j => j.State.Name()).ToArray());
        Add(jobs.Select(j => j.StateData).ToArray(), JsonbArray);
        Add(jobs.Select(j => j.LastUpdate).ToArray());
        Add(jobs.Select(j => j.BatchJobId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        Add(jobs.Select(j => j.PendingFileCleanup).ToArray());
        Add(batch.Select(w => (int)w.Lease).ToArray());
        Add(jobs.Select(j => j.SessionId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        Add(jobs.Select(j => j.ReturnValue).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(jobs.Select(j => j.Exception).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(batch.Select(w => w.ReleaseStageOut).ToArray());
        Add(events.Select(e => e.JobId).ToArray());
        Add(events.Select(e => e.Timestamp).ToArray());
        Add(events.Select(e => e.From.Name()).ToArray());
        Add(events.Select(e => e.To.Name()).ToArray());
        Add(events.Select(e => e.Data).ToArray(), JsonbArray);
        return command;
    }
}
