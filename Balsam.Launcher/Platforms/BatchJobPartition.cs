namespace Balsam.Launcher.Platforms;

/// <summary>One partition of a batch job: a share of its nodes run in one job mode for jobs with these tags (SPEC §1).</summary>
public sealed record BatchJobPartition(string JobMode, int NumNodes, IReadOnlyDictionary<string, string> FilterTags);
