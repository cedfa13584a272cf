using System.Text.Json;
using System.Text.Json.Serialization;
using Balsam.BatchJobs;
using Balsam.Silo.Storage.Jobs;
using Npgsql;

namespace Balsam.Silo.Storage.BatchJobs;

/// <summary>Reads <c>batch_jobs</c> rows (in the column order of <see cref="PostgresBatchJobStore"/>) and writes partitions as JSON.</summary>
internal static class BatchJobRows
{
    private sealed record PartitionRow(
        [property: JsonPropertyName("job_mode")] string JobMode,
        [property: JsonPropertyName("num_nodes")] int NumNodes,
        [property: JsonPropertyName("filter_tags")] Dictionary<string, string> FilterTags);

    public static string PartitionsJson(IEnumerable<BatchJobPartition> partitions) =>
        JsonSerializer.Serialize(partitions.Select(p => new PartitionRow(p.JobMode.Name(), p.NumNodes, p.FilterTags)).ToList());

    public static BatchJobRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        SiteId = r.GetInt64(1),
        SchedulerId = r.IsDBNull(2) ? null : r.GetInt64(2),
        Project = r.GetString(3),
        Queue = r.GetString(4),
        NumNodes = r.GetInt32(5),
        WallTimeMin = r.GetInt32(6),
        JobMode = JobModeNames.TryParse(r.GetString(7), out var mode) ? mode : JobMode.Mpi,
        OptionalParams = JsonMaps.ToStrings(r.GetString(8)),
        FilterTags = JsonMaps.ToStrings(r.GetString(9)),
        Partitions = (JsonSerializer.Deserialize<List<PartitionRow>>(r.GetString(10)) ?? [])
            .Select(p => new BatchJobPartition
            {
                JobMode = JobModeNames.TryParse(p.JobMode, out var m) ? m : JobMode.Mpi, NumNodes = p.NumNodes, FilterTags = p.FilterTags,
            }).ToList(),
        State = BatchJobStateNames.TryParse(r.GetString(11), out var state)
            ? state
            : throw new InvalidDataException($"batch job {r.GetInt64(0)} has the unknown state '{r.GetString(11)}' in batch_jobs"),
        StatusInfo = JsonMaps.ToStrings(r.GetString(12)),
        StartTime = r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13),
        EndTime = r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(15),
        LastUpdate = r.GetFieldValue<DateTimeOffset>(16),
    };
}
