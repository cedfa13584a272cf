namespace Balsam.Client.Queries;

/// <summary>Fields batch jobs can be ordered by; ties are broken by id in the same direction, missing times come last.</summary>
public enum BatchJobField
{
    /// <summary>The batch job id (creation order).</summary>
    Id = 0,

    /// <summary>When the allocation started running.</summary>
    StartTime = 1,

    /// <summary>When the allocation ended.</summary>
    EndTime = 2,
}
