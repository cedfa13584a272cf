namespace Balsam.Jobs;

/// <summary>
/// The job fields a <see cref="JobPatch"/> can set back to nothing (Balsam's nullable job fields); a null in a patch's
/// own fields means "unchanged", so clearing is asked for here.
/// </summary>
[Flags]
[GenerateSerializer, Alias("balsam.JobClearableFields")]
public enum JobClearableFields
{
    None = 0,

    /// <summary>The return code of the last run.</summary>
    ReturnCode = 1,

    /// <summary>The batch job the job last ran in.</summary>
    BatchJobId = 2,
}
