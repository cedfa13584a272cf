namespace Balsam.BatchJobs;

/// <summary>What batch-job listings are sorted by.</summary>
[GenerateSerializer, Alias("balsam.BatchJobOrderField")]
public enum BatchJobOrderField
{
    Id,
    StartTime,
    EndTime,
}
