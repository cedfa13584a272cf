using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>Turns a <see cref="JobQuery"/> into a WHERE clause, an ORDER BY and paging over <c>jobs j</c>.</summary>
internal static class JobQuerySql
{
    private static readonly string BlockedByFailedParent = $"""
        (j.state = {SqlStateLiterals.Of(JobState.AwaitingParents)} AND EXISTS (
            SELECT 1 FROM job_parents jp LEFT JOIN jobs parent ON parent.id = jp.parent_id
            WHERE jp.child_id = j.id AND (parent.id IS NULL OR parent.state = {SqlStateLiterals.Of(JobState.Failed)})))
        """;

    /// <summary>The most sites a listing is split into one index walk per site for.</summary>
    public const int MaxSiteWalks = 8;

    /// <summary>Whether a query of one site would be one index walk (jobs of one state in id order).</summary>
    public static bool WalksBySite(JobQuery q) => q.OrderBy is JobOrderField.Id && q.States is { Count: 1 };

    /// <summary>
    /// The sites of <paramref name="q"/> whose kept counts hold jobs in its state (and with its tags): the only ones a
    /// listing of that state can find anything in, whatever its other filters.
    /// </summary>
    public static string SitesWithJobs(JobQuery q, SqlParameters p)
    {
        var tags = q.Tags is { Count: > 0 } t ? $" AND c.tags @> {p.Jsonb(JsonMaps.FromStrings(t))}" : "";
        return $"""
            SELECT c.site_id FROM job_counts c
            WHERE c.site_id = ANY({p.Add(q.SiteIds!.ToArray())}) AND c.state = {p.Add(q.States![0].Name())}{tags}
            GROUP BY c.site_id HAVING sum(c.n) > 0 ORDER BY c.site_id
            """;
    }

    /// <summary>The whole SELECT of <paramref name="columns"/> for a query, ordered and paged.</summary>
    /// <remarks>
    /// A listing of jobs in one state, in id order, over one or a few sites (every user's query is scoped to their sites)
    /// walks the (site_id, state, id) index once per site and merges the walks. Left to itself the planner walks the
    /// primary key instead whenever it guesses that matches are spread evenly over the ids, and after a bulk load they
    /// are not: at 1M jobs it read and discarded 100k rows of other sites to return 100. The site filter stays
    /// <c>= ANY</c> so that the site cannot be folded into a constant and the primary key cannot serve the walk's order.
    /// </remarks>
    public static string Select(string columns, JobQuery q, SqlParameters p)
    {
        if (!WalksBySite(q) || q.SiteIds is not { Count: > 0 and <= MaxSiteWalks } sites)
        {
            return $"SELECT {columns} FROM jobs j {Where(q, p)} {OrderAndPage(q, p)}";
        }

        var direction = q.Descending ? "DESC" : "ASC";
        var limit = Math.Min(q.Limit ?? JobQuery.MaxPageSize, JobQuery.MaxPageSize);
        var walkLimit = p.Add(limit + q.Offset);
        var walks = sites.Distinct().Select(site =>
            $"(SELECT j.id FROM jobs j {Where(q with { SiteIds = [site] }, p)}{SkipWithoutMatches(q with { SiteIds = [site] }, p)} ORDER BY j.site_id {direction}, j.state {direction}, j.id {direction} LIMIT {walkLimit})");
        return $"""
            SELECT {columns} FROM jobs j
            WHERE j.id = ANY(ARRAY(SELECT w.id FROM ({string.Join(" UNION ALL ", walks)}) w ORDER BY w.id {direction} LIMIT {p.Add(limit)} OFFSET {p.Add(q.Offset)}))
            ORDER BY j.id {direction}
            """;
    }

    /// <summary>
    /// A site's walk filters on tags in the index, but still reads every entry of the site and state when none match (a
    /// user's other site, whose jobs carry other tags). Where the kept counts answer the filter, a walk they count no
    /// match for is not started: the condition is evaluated once, before the walk.
    /// </summary>
    private static string SkipWithoutMatches(JobQuery oneSite, SqlParameters p) =>
        oneSite.Tags is { Count: > 0 } && JobCountSql.Kept(oneSite, p) is { } count ? $" AND ({count}) > 0" : "";

    public static string Where(JobQuery q, SqlParameters p)
    {
        var clauses = new List<string>();
        if (q.Ids is { } ids) clauses.Add(OneOf("j.id", ids.ToArray(), p));
        // Always "= ANY", even for one site: see Select.
        if (q.SiteIds is { } sites) clauses.Add($"j.site_id = ANY({p.Add(sites.ToArray())})");
        if (q.AppIds is { } apps) clauses.Add(OneOf("j.app_id", apps.ToArray(), p));
        if (q.AppNames is { } names) clauses.Add(OneOf("j.app_name", names.ToArray(), p));
        if (q.States is { } states) clauses.Add(OneOf("j.state", states.Select(s => s.Name()).ToArray(), p));
        if (q.Tags is { Count: > 0 } tags) clauses.Add($"j.tags @> {p.Jsonb(JsonMaps.FromStrings(tags))}");
        if (q.Parameters is { Count: > 0 } parameters) clauses.Add($"j.parameters @> {p.Jsonb(JsonMaps.FromLiterals(parameters))}");
        if (q.WorkdirContains is { } fragment) clauses.Add($"strpos(j.workdir, {p.Add(fragment)}) > 0");
        if (q.ParentId is { } parent) clauses.Add($"EXISTS (SELECT 1 FROM job_parents jp WHERE jp.child_id = j.id AND jp.parent_id = {p.Add(parent)})");
        if (q.ParentIds is { } parents) clauses.Add($"EXISTS (SELECT 1 FROM job_parents jp WHERE jp.child_id = j.id AND jp.parent_id = ANY({p.Add(parents.ToArray())}))");
        if (q.BatchJobId is { } batchJob) clauses.Add($"j.batch_job_id = {p.Add(batchJob)}");
        if (q.LastUpdateAfter is { } ua) clauses.Add($"j.last_update > {p.Add(ua)}");
        if (q.LastUpdateBefore is { } ub) clauses.Add($"j.last_update < {p.Add(ub)}");
        if (q.CreatedAfter is { } ca) clauses.Add($"j.created_at > {p.Add(ca)}");
        if (q.CreatedBefore is { } cb) clauses.Add($"j.created_at < {p.Add(cb)}");
        if (q.PendingFileCleanup is { } cleanup) clauses.Add($"j.pending_file_cleanup = {p.Add(cleanup)}");
        if (q.BlockedByFailedParent is { } blocked)
        {
            clauses.Add((blocked ? "" : "NOT ") + BlockedByFailedParent);
        }

        return clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", clauses);
    }

    /// <summary>
    /// A column in a list of values: <c>=</c> for one value, since PostgreSQL walks an index in order only for equality
    /// (<c>= ANY</c> on a later index column makes it sort or filter, e.g. the listing by site, state and id).
    /// </summary>
    private static string OneOf<T>(string column, T[] values, SqlParameters p) =>
        values.Length == 1 ? $"{column} = {p.Add(values[0])}" : $"{column} = ANY({p.Add(values)})";

    public static string OrderAndPage(JobQuery q, SqlParameters p)
    {
        var column = q.OrderBy switch
        {
            JobOrderField.LastUpdate => "j.last_update",
            JobOrderField.State => "j.state",
            JobOrderField.Workdir => "j.workdir",
            JobOrderField.CreatedAt => "j.created_at",
            JobOrderField.NumNodes => "j.num_nodes",
            JobOrderField.WallTimeMin => "j.wall_time_min",
            _ => "j.id",
        };
        var direction = q.Descending ? "DESC" : "ASC";
        var order = column == "j.id" ? $"ORDER BY j.id {direction}" : $"ORDER BY {column} {direction}, j.id {direction}";
        var limit = Math.Min(q.Limit ?? JobQuery.MaxPageSize, JobQuery.MaxPageSize);
        return $"{order} LIMIT {p.Add(limit)} OFFSET {p.Add(q.Offset)}";
    }
}
