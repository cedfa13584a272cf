namespace Balsam.BatchJobs;

/// <summary>How a batch job's launcher runs jobs (SPEC §5).</summary>
[GenerateSerializer, Alias("balsam.JobMode")]
public enum JobMode
{
    /// <summary>Each job starts through the platform's MPI launcher over the nodes it was given.</summary>
    Mpi,

    /// <summary>Single-node, single-rank jobs only, run as local processes by a worker per node.</summary>
    Serial,
}
