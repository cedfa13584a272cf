using Balsam.Jobs;
using Balsam.States;
using Balsam.Transfers;
using Npgsql;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>The select list of a full job row and how to read it back into a <see cref="JobRecord"/>.</summary>
internal static class JobRows
{
    private static readonly string Done = SqlStateLiterals.Of(TransferItemState.Done);

    public static readonly string SelectList = $$"""
        j.id, j.site_id, j.app_id, j.app_name, j.workdir, j.parameters::text, j.tags::text, j.data::text, j.return_code,
        j.num_nodes, j.ranks_per_node, j.threads_per_rank, j.threads_per_core, j.gpus_per_rank, j.node_packing_count,
        j.wall_time_min, j.launch_params::text, j.state, j.state_data::text, j.last_update, j.created_at, j.batch_job_id,
        j.session_id, j.pending_file_cleanup, j.return_value, j.exception, j.version,
        coalesce((SELECT array_agg(p.parent_id ORDER BY p.parent_id) FROM job_parents p WHERE p.child_id = j.id), '{}') AS parent_ids,
        (SELECT count(*) FROM transfer_items t WHERE t.job_id = j.id AND t.direction = 'in' AND t.state <> {{Done}}) AS pending_in,
        (SELECT count(*) FROM transfer_items t WHERE t.job_id = j.id AND t.direction = 'out' AND t.state <> {{Done}}) AS pending_out,
        j.hooks
        """;

    public static async Task<List<JobRecord>> ReadAllAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var jobs = new List<JobRecord>();
        while (await reader.ReadAsync(ct))
        {
            jobs.Add(Read(reader));
        }

        return jobs;
    }

    public static JobRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        SiteId = r.GetInt64(1),
        AppId = r.GetInt64(2),
        AppName = r.GetString(3),
        Workdir = r.GetString(4),
        Parameters = JsonMaps.ToLiterals(r.GetString(5)),
        Tags = JsonMaps.ToStrings(r.GetString(6)),
        Data = r.GetString(7),
        ReturnCode = r.IsDBNull(8) ? null : r.GetInt32(8),
        Resources = new JobResources
        {
            NumNodes = r.GetInt32(9),
            RanksPerNode = r.GetInt32(10),
            ThreadsPerRank = r.GetInt32(11),
            ThreadsPerCore = r.GetInt32(12),
            GpusPerRank = r.GetDouble(13),
            NodePackingCount = r.GetInt32(14),
            WallTimeMin = r.GetInt32(15),
            LaunchParams = JsonMaps.ToStrings(r.GetString(16)),
        },
        State = JobStateNames.Parse(r.GetString(17)),
        StateData = r.GetString(18),
        LastUpdate = r.GetFieldValue<DateTimeOffset>(19),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(20),
        BatchJobId = r.IsDBNull(21) ? null : r.GetInt64(21),
        SessionId = r.IsDBNull(22) ? null : r.GetInt64(22),
        PendingFileCleanup = r.GetBoolean(23),
        ReturnValue = r.IsDBNull(24) ? null : r.GetString(24),
        Exception = r.IsDBNull(25) ? null : r.GetString(25),
        Version = r.GetInt64(26),
        ParentIds = [.. r.GetFieldValue<long[]>(27)],
        PendingStageIn = (int)r.GetInt64(28),
        PendingStageOut = (int)r.GetInt64(29),
        Hooks = r.IsDBNull(30) ? null : (Apps.AppHooks)r.GetInt16(30),
    };
}
