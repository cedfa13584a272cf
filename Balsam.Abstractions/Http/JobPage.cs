using Balsam.Jobs;

namespace Balsam.Http;

/// <summary>A page of jobs and how many jobs match the query in all (its limit and offset aside).</summary>
/// <param name="Count">The jobs matching the query's filters.</param>
/// <param name="Jobs">The page: the query's order, limit and offset applied.</param>
public sealed record JobPage(long Count, IReadOnlyList<JobRecord> Jobs);
