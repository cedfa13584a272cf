using Balsam.Apps;
using Balsam.Jobs;
using Balsam.States;
using Npgsql;
using NpgsqlTypes;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// Writes a chunk of new jobs inside the caller's transaction: the rows and their events by binary COPY (no SQL to
/// parse, no arrays to unpack), then parent edges and transfer items, when there are any, in one batch of INSERTs
/// over <c>unnest</c>ed arrays.
/// </summary>
internal sealed class JobInsert
{
    private const string JobColumns = """
        COPY jobs (id, site_id, app_id, app_name, workdir, parameters, tags, data, num_nodes, ranks_per_node,
            threads_per_rank, threads_per_core, gpus_per_rank, node_packing_count, wall_time_min, launch_params,
            state, state_data, hooks, python_app, last_update, created_at) FROM STDIN (FORMAT BINARY)
        """;

    private const string EventColumns = "COPY job_events (job_id, timestamp, from_state, to_state, data) FROM STDIN (FORMAT BINARY)";

    private readonly List<(NewJob Job, long Id, TransitionResult Initial)> _rows = [];
    private readonly DateTimeOffset _now;

    public JobInsert(DateTimeOffset now) => _now = now;

    public void Add(NewJob job, long id, bool parentsFinished) =>
        _rows.Add((job, id, JobStateMachine.Initial(id, parentsFinished, job.StageInItems, job.Hooks, _now)));

    public IEnumerable<JobRecord> Records => _rows.Select(row => new JobRecord
    {
        Id = row.Id,
        SiteId = row.Job.Spec.SiteId,
        AppId = row.Job.AppId,
        AppName = row.Job.Spec.AppName,
        Workdir = row.Job.Spec.Workdir,
        Parameters = row.Job.Spec.Parameters,
        Tags = row.Job.Spec.Tags,
        Data = row.Job.Spec.Data,
        Resources = row.Job.Spec.Resources,
        ParentIds = [.. row.Job.Spec.ParentIds.Order()],
        State = row.Initial.State,
        StateData = row.Initial.LastData,
        LastUpdate = _now,
        CreatedAt = _now,
        PendingStageIn = row.Job.StageInItems,
        PendingStageOut = row.Job.TransferItems.Count - row.Job.StageInItems,
        Version = 1,
        Hooks = row.Job.Hooks,
    });

    /// <summary>Writes every row of the chunk; the caller's transaction makes it all or nothing.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await CopyJobsAsync(connection, ct);
        await CopyEventsAsync(connection, ct);
        await using var batch = EdgesAndItems(connection, transaction);
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task CopyJobsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(JobColumns, ct);
        foreach (var (job, id, initial) in _rows)
        {
            var spec = job.Spec;
            var resources = spec.Resources;
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(spec.SiteId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(job.AppId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(spec.AppName, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(spec.Workdir, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(JsonMaps.FromLiterals(spec.Parameters), NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(JsonMaps.FromStrings(spec.Tags), NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(spec.Data, NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(resources.NumNodes, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(resources.RanksPerNode, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(resources.ThreadsPerRank, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(resources.ThreadsPerCore, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(resources.GpusPerRank, NpgsqlDbType.Double, ct);
            await copy.WriteAsync(resources.NodePackingCount, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(resources.WallTimeMin, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(JsonMaps.FromStrings(resources.LaunchParams), NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(initial.State.Name(), NpgsqlDbType.Text, ct);
            await copy.WriteAsync(initial.LastData, NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync((short)job.Hooks, NpgsqlDbType.Smallint, ct);
            await copy.WriteAsync(job.PythonApp, NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(_now, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(_now, NpgsqlDbType.TimestampTz, ct);
        }

        await copy.CompleteAsync(ct);
    }

    private async Task CopyEventsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(EventColumns, ct);
        foreach (var e in _rows.SelectMany(r => r.Initial.Events))
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(e.JobId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(e.From.Name(), NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.To.Name(), NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.Data, NpgsqlDbType.Jsonb, ct);
        }

        await copy.CompleteAsync(ct);
    }

    /// <summary>Parent edges and transfer items, one INSERT each, only for the kinds this chunk has.</summary>
    private NpgsqlBatch EdgesAndItems(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        var edges = _rows.SelectMany(r => r.Job.Spec.ParentIds.Select(parent => (Child: r.Id, Parent: parent))).ToList();
        if (edges.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO job_parents (child_id, parent_id) SELECT * FROM unnest($1::bigint[], $2::bigint[])")
            {
                Parameters = { new() { Value = edges.Select(e => e.Child).ToArray() }, new() { Value = edges.Select(e => e.Parent).ToArray() } },
            });
        }

        var items = _rows.SelectMany(r => r.Job.TransferItems.Select(item => (r.Id, Item: item))).ToList();
        if (items.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO transfer_items (job_id, slot, direction, local_path, remote_path, location_alias, recursive, state)
                SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[])
                """)
            {
                Parameters =
                {
                    new() { Value = items.Select(i => i.Id).ToArray() },
                    new() { Value = items.Select(i => i.Item.Slot).ToArray() },
                    new() { Value = items.Select(i => i.Item.Direction == TransferDirection.In ? "in" : "out").ToArray() },
                    new() { Value = items.Select(i => i.Item.LocalPath).ToArray() },
                    new() { Value = items.Select(i => i.Item.RemotePath).ToArray() },
                    new() { Value = items.Select(i => i.Item.LocationAlias).ToArray() },
                    new() { Value = items.Select(i => i.Item.Recursive).ToArray() },
                    new() { Value = items.Select(i => i.Item.Direction == TransferDirection.In ? "pending" : "awaiting_job").ToArray() },
                },
            });
        }

        return batch;
    }
}
