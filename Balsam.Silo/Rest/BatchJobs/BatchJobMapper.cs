using Balsam.BatchJobs;
using Balsam.Validation;

namespace Balsam.Silo.Rest.BatchJobs;

/// <summary>Maps Balsam's batch-job shapes to and from our batch-job contracts.</summary>
public static class BatchJobMapper
{
    public static BatchJobOut ToOut(BatchJobRecord b) => new()
    {
        Id = b.Id,
        SiteId = b.SiteId,
        SchedulerId = b.SchedulerId,
        Project = b.Project,
        Queue = b.Queue,
        NumNodes = b.NumNodes,
        WallTimeMin = b.WallTimeMin,
        JobMode = b.JobMode.Name(),
        OptionalParams = b.OptionalParams,
        FilterTags = b.FilterTags,
        Partitions = b.Partitions.Count == 0
            ? null
            : [.. b.Partitions.Select(p => new BatchJobPartitionWire { JobMode = p.JobMode.Name(), NumNodes = p.NumNodes, FilterTags = p.FilterTags })],
        State = b.State.Name(),
        StatusInfo = b.StatusInfo,
        StartTime = b.StartTime,
        EndTime = b.EndTime,
    };

    /// <summary>The batch job to create; a job mode other than <c>mpi</c>/<c>serial</c> is refused naming the field.</summary>
    public static BatchJobSpec ToSpec(BatchJobCreateIn b)
    {
        var errors = new ValidationCollector("batch job");
        var mode = ParseMode(b.JobMode, "job_mode", errors);
        var partitions = (b.Partitions ?? []).Select((p, i) => new BatchJobPartition
        {
            JobMode = ParseMode(p.JobMode, $"partitions[{i}].job_mode", errors),
            NumNodes = p.NumNodes,
            FilterTags = p.FilterTags ?? [],
        }).ToList();
        errors.ThrowIfAny();
        return new BatchJobSpec
        {
            SiteId = b.SiteId,
            Project = b.Project,
            Queue = b.Queue,
            NumNodes = b.NumNodes,
            WallTimeMin = b.WallTimeMin,
            JobMode = mode,
            OptionalParams = b.OptionalParams ?? [],
            FilterTags = b.FilterTags ?? [],
            Partitions = partitions,
        };
    }

    public static BatchJobPatch ToPatch(BatchJobUpdateIn u)
    {
        var errors = new ValidationCollector("batch job update");
        BatchJobState? state = null;
        if (u.State is { } text)
        {
            if (BatchJobStateNames.TryParse(text, out var parsed) && parsed.Name() == text)
            {
                state = parsed;
            }
            else
            {
                errors.Add("state", $"'{text}' is not a batch job state; use one of {string.Join(", ", BatchJobStateNames.All)}");
            }
        }

        errors.ThrowIfAny();
        return new BatchJobPatch
        {
            State = state,
            SchedulerId = u.SchedulerId,
            StatusInfo = u.StatusInfo,
            StartTime = u.StartTime,
            EndTime = u.EndTime,
        };
    }

    private static JobMode ParseMode(string text, string field, ValidationCollector errors)
    {
        if (text is "mpi" or "serial" && JobModeNames.TryParse(text, out var mode))
        {
            return mode;
        }

        errors.Add(field, $"must be mpi or serial (got '{text}')");
        return JobMode.Mpi;
    }
}
