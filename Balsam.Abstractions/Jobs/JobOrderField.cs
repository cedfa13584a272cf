namespace Balsam.Jobs;

/// <summary>Fields jobs can be ordered by (SPEC §7: last_update, id, state, workdir; ours adds creation and nodes).</summary>
[GenerateSerializer, Alias("balsam.JobOrderField")]
public enum JobOrderField
{
    Id = 0,
    LastUpdate = 1,
    State = 2,
    Workdir = 3,
    CreatedAt = 4,
    NumNodes = 5,
    WallTimeMin = 6,
}
