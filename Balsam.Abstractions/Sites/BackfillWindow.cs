namespace Balsam.Sites;

/// <summary>Idle nodes the scheduler could start a job on now, for at most this long (SPEC §1).</summary>
[GenerateSerializer, Alias("balsam.BackfillWindow")]
public sealed record BackfillWindow
{
    [Id(0)] public int NumNodes { get; init; }

    [Id(1)] public int WallTimeMin { get; init; }
}
