using Balsam.Sessions;
using Balsam.States;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// One statement that picks runnable jobs of a site (SPEC §3), locks them with SKIP LOCKED so concurrent acquirers
/// never share a job, packs them into the node budget in the site's order, and sets the session lease (with
/// <see cref="AcquireRequest.Reclaim"/>, also every runnable job the session already holds).
/// </summary>
internal static class AcquireSql
{
    private static readonly JobState[] RunnableStates = [.. JobStateNames.Runnable.OrderBy(s => s.Name())];
    private static readonly string[] RunnableNames = [.. RunnableStates.Select(s => s.Name())];

    /// <summary>
    /// The runnable set written out literally, so the planner can use the partial runnable indexes of schema script 011,
    /// whose predicate must read the same (a test pins them together).
    /// </summary>
    public static readonly string RunnablePredicate = $"state IN {SqlStateLiterals.List(RunnableStates)}";

    public static string Build(long sessionId, long siteId, AcquireRequest r, SqlParameters p)
    {
        var states = (r.States ?? [.. JobStateNames.Runnable]).Select(s => s.Name()).Distinct().Order().ToArray();
        var session = p.Add(sessionId);
        var site = p.Add(siteId);
        var inStates = states.SequenceEqual(RunnableNames) ? RunnablePredicate : $"state = ANY({p.Add(states)})";
        var filters = new List<string> { $"site_id = {site}", "session_id IS NULL", inStates };
        if (r.FilterTags.Count > 0) filters.Add($"tags @> {p.Jsonb(JsonMaps.FromStrings(r.FilterTags))}");
        if (r.AppIds is { } apps) filters.Add($"app_id = ANY({p.Add(apps.ToArray())})");
        if (r.MaxWallTimeMin is { } wall) filters.Add($"wall_time_min <= {p.Add(wall)}");
        if (r.MaxNodesPerJob is { } nodes) filters.Add($"num_nodes <= {p.Add(nodes)}");
        if (r.SerialOnly) filters.Add("num_nodes = 1 AND ranks_per_node = 1");
        // A filter on the rows the runnable index gives, not a predicate of its own: few sites mix the two kinds of app.
        if (r.AppKinds == AcquireAppKinds.NotPython) filters.Add("NOT python_app");
        if (r.AppKinds == AcquireAppKinds.PythonOnly) filters.Add("python_app");
        if (r.MaxWholeNodesPerJob is { } whole) filters.Add($"(num_nodes <= {p.Add(whole)} OR (num_nodes = 1 AND node_packing_count > 1))");

        var order = r.MaxAggregateNodes is null ? "id"
            : r.Order == AcquireOrder.LongLargeFirst ? "wall_time_min DESC, num_nodes DESC, node_packing_count DESC, id"
            : "num_nodes ASC, node_packing_count DESC, wall_time_min DESC, id";
        var chosen = r.MaxAggregateNodes is { } budget
            ? $"""
              SELECT id FROM (
                  SELECT id, sum(num_nodes::float8 / node_packing_count) OVER (ORDER BY {order} ROWS UNBOUNDED PRECEDING) AS footprint
                  FROM candidates) packed
              WHERE footprint <= {p.Add(budget)} + 1e-9
              """
            : "SELECT id FROM candidates";

        // A reclaim hands back every job the session holds in those states, beyond the limit: the lost acquire may have
        // leased more than this one asks for, and what it leaves here stays leased to a live session and never runs.
        var held = r.Reclaim
            ? $"""
              held AS (SELECT id FROM jobs WHERE site_id = {site} AND session_id = {session} AND {inStates} FOR UPDATE),
              """
            : "";
        var chosenWithHeld = r.Reclaim ? $"{chosen} UNION SELECT id FROM held" : chosen;
        return $"""
            WITH {held}candidates AS (
                SELECT id, num_nodes, node_packing_count, wall_time_min FROM jobs
                WHERE {string.Join(" AND ", filters)}
                ORDER BY {order}
                LIMIT {p.Add(r.MaxJobs)}
                FOR UPDATE SKIP LOCKED),
            chosen AS ({chosenWithHeld}),
            leased AS (UPDATE jobs SET session_id = {session} FROM chosen WHERE jobs.id = chosen.id RETURNING jobs.id)
            SELECT {JobRows.SelectList} FROM jobs j JOIN leased ON leased.id = j.id ORDER BY j.id
            """;
    }
}
