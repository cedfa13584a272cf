namespace Balsam.Client.Queries;

/// <summary>Fields jobs can be ordered by; ties are broken by id in the same direction.</summary>
public enum JobField
{
    /// <summary>The job id (creation order).</summary>
    Id = 0,

    /// <summary>When the job last changed.</summary>
    LastUpdate = 1,

    /// <summary>The state name, alphabetically.</summary>
    State = 2,

    /// <summary>The workdir, alphabetically.</summary>
    Workdir = 3,

    /// <summary>When the job was created.</summary>
    CreatedAt = 4,

    /// <summary>Nodes per run.</summary>
    NumNodes = 5,

    /// <summary>The runtime estimate.</summary>
    WallTimeMin = 6,
}
