using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>Counts from the kept job counts (schema script 020) where a query's filters are all kept there.</summary>
internal static class JobCountSql
{
    private static readonly JobQuery Unfiltered = new();

    /// <summary>
    /// The count of <paramref name="q"/> from the kept counts when it filters only on sites, states and tags (what the
    /// CLI, the SDK and the dashboard count by); null for any other filter, which must count the jobs themselves.
    /// </summary>
    public static string? Kept(JobQuery q, SqlParameters p)
    {
        var others = q with { SiteIds = null, States = null, Tags = null, OrderBy = Unfiltered.OrderBy, Descending = false, Limit = null, Offset = 0 };
        if (others != Unfiltered)
        {
            return null;
        }

        var clauses = new List<string>();
        if (q.SiteIds is { } sites) clauses.Add($"c.site_id = ANY({p.Add(sites.ToArray())})");
        if (q.States is { } states) clauses.Add($"c.state = ANY({p.Add(states.Select(s => s.Name()).ToArray())})");
        if (q.Tags is { Count: > 0 } tags) clauses.Add($"c.tags @> {p.Jsonb(JsonMaps.FromStrings(tags))}");
        var where = clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", clauses);
        return $"SELECT coalesce(sum(c.n), 0)::bigint FROM job_counts c {where}";
    }
}
