using Balsam.Apps;
using Balsam.Jobs;
using Balsam.States;
using NpgsqlTypes;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// One INSERT statement for a chunk of new jobs: the rows, their events, parent edges and transfer items, written
/// through data-modifying CTEs over <c>unnest</c>ed arrays so the chunk costs one statement and one round trip.
/// </summary>
internal sealed class JobInsert
{
    private const NpgsqlDbType JsonbArray = NpgsqlDbType.Array | NpgsqlDbType.Jsonb;

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

    public (string Sql, SqlParameters Parameters) Build()
    {
        var p = new SqlParameters();
        var specs = _rows.Select(r => r.Job.Spec).ToList();
        var resources = specs.Select(s => s.Resources).ToList();
        var jobs = $"""
            INSERT INTO jobs (id, site_id, app_id, app_name, workdir, parameters, tags, data, num_nodes, ranks_per_node,
                threads_per_rank, threads_per_core, gpus_per_rank, node_packing_count, wall_time_min, launch_params,
                state, state_data, hooks, last_update, created_at)
            SELECT t.*, {p.Add(_now)}, {p.Add(_now)} FROM unnest(
                {p.Add(_rows.Select(r => r.Id).ToArray())}::bigint[], {p.Add(specs.Select(s => s.SiteId).ToArray())}::bigint[],
                {p.Add(_rows.Select(r => r.Job.AppId).ToArray())}::bigint[], {p.Add(specs.Select(s => s.AppName).ToArray())}::text[],
                {p.Add(specs.Select(s => s.Workdir).ToArray())}::text[],
                {p.Add(specs.Select(s => JsonMaps.FromLiterals(s.Parameters)).ToArray(), JsonbArray)},
                {p.Add(specs.Select(s => JsonMaps.FromStrings(s.Tags)).ToArray(), JsonbArray)},
                {p.Add(specs.Select(s => s.Data).ToArray(), JsonbArray)},
                {p.Add(resources.Select(r => r.NumNodes).ToArray())}::int[], {p.Add(resources.Select(r => r.RanksPerNode).ToArray())}::int[],
                {p.Add(resources.Select(r => r.ThreadsPerRank).ToArray())}::int[], {p.Add(resources.Select(r => r.ThreadsPerCore).ToArray())}::int[],
                {p.Add(resources.Select(r => r.GpusPerRank).ToArray())}::float8[], {p.Add(resources.Select(r => r.NodePackingCount).ToArray())}::int[],
                {p.Add(resources.Select(r => r.WallTimeMin).ToArray())}::int[],
                {p.Add(resources.Select(r => JsonMaps.FromStrings(r.LaunchParams)).ToArray(), JsonbArray)},
                {p.Add(_rows.Select(r => r.Initial.State.Name()).ToArray())}::text[],
                {p.Add(_rows.Select(r => r.Initial.LastData).ToArray(), JsonbArray)},
                {p.Add(_rows.Select(r => (short)r.Job.Hooks).ToArray())}::smallint[]) AS t
            """;

        var events = _rows.SelectMany(r => r.Initial.Events).ToList();
        var eventsSql = $"""
            INSERT INTO job_events (job_id, timestamp, from_state, to_state, data)
            SELECT * FROM unnest({p.Add(events.Select(e => e.JobId).ToArray())}::bigint[],
                {p.Add(events.Select(e => e.Timestamp).ToArray())}::timestamptz[],
                {p.Add(events.Select(e => e.From.Name()).ToArray())}::text[], {p.Add(events.Select(e => e.To.Name()).ToArray())}::text[],
                {p.Add(events.Select(e => e.Data).ToArray(), JsonbArray)})
            """;

        var edges = _rows.SelectMany(r => r.Job.Spec.ParentIds.Select(parent => (Child: r.Id, Parent: parent))).ToList();
        var parentsSql = $"""
            INSERT INTO job_parents (child_id, parent_id)
            SELECT * FROM unnest({p.Add(edges.Select(e => e.Child).ToArray())}::bigint[], {p.Add(edges.Select(e => e.Parent).ToArray())}::bigint[])
            """;

        var items = _rows.SelectMany(r => r.Job.TransferItems.Select(item => (r.Id, Item: item))).ToList();
        var itemsSql = $"""
            INSERT INTO transfer_items (job_id, slot, direction, local_path, remote_path, location_alias, recursive, state)
            SELECT * FROM unnest({p.Add(items.Select(i => i.Id).ToArray())}::bigint[], {p.Add(items.Select(i => i.Item.Slot).ToArray())}::text[],
                {p.Add(items.Select(i => i.Item.Direction == TransferDirection.In ? "in" : "out").ToArray())}::text[],
                {p.Add(items.Select(i => i.Item.LocalPath).ToArray())}::text[], {p.Add(items.Select(i => i.Item.RemotePath).ToArray())}::text[],
                {p.Add(items.Select(i => i.Item.LocationAlias).ToArray())}::text[], {p.Add(items.Select(i => i.Item.Recursive).ToArray())}::boolean[],
                {p.Add(items.Select(i => i.Item.Direction == TransferDirection.In ? "pending" : "awaiting_job").ToArray())}::text[])
            """;

        var sql = $"""
            WITH inserted_jobs AS ({jobs} RETURNING 1),
                 inserted_events AS ({eventsSql} RETURNING 1),
                 inserted_parents AS ({parentsSql} RETURNING 1),
                 inserted_items AS ({itemsSql} RETURNING 1)
            SELECT (SELECT count(*) FROM inserted_jobs), (SELECT count(*) FROM inserted_events)
            """;
        return (sql, p);
    }
}
