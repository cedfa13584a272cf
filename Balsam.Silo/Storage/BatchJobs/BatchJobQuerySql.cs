using Balsam.BatchJobs;
using Balsam.Silo.Storage.Jobs;

namespace Balsam.Silo.Storage.BatchJobs;

/// <summary>Turns a <see cref="BatchJobQuery"/> into a WHERE clause, an ORDER BY and paging over <c>batch_jobs b</c>.</summary>
internal static class BatchJobQuerySql
{
    public static string Where(BatchJobQuery q, SqlParameters p)
    {
        var clauses = new List<string>();
        if (q.Ids is { } ids) clauses.Add($"b.id = ANY({p.Add(ids.ToArray())})");
        if (q.SiteIds is { } sites) clauses.Add($"b.site_id = ANY({p.Add(sites.ToArray())})");
        if (q.States is { } states) clauses.Add($"b.state = ANY({p.Add(states.Select(s => s.Name()).ToArray())})");
        if (q.SchedulerId is { } schedulerId) clauses.Add($"b.scheduler_id = {p.Add(schedulerId)}");
        if (q.Queue is { } queue) clauses.Add($"b.queue = {p.Add(queue)}");
        if (q.FilterTags is { Count: > 0 } tags) clauses.Add($"b.filter_tags @> {p.Jsonb(JsonMaps.FromStrings(tags))}");
        if (q.StartTimeAfter is { } sa) clauses.Add($"b.start_time > {p.Add(sa)}");
        if (q.StartTimeBefore is { } sb) clauses.Add($"b.start_time < {p.Add(sb)}");
        if (q.EndTimeAfter is { } ea) clauses.Add($"b.end_time > {p.Add(ea)}");
        if (q.EndTimeBefore is { } eb) clauses.Add($"b.end_time < {p.Add(eb)}");
        return clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", clauses);
    }

    public static string OrderAndPage(BatchJobQuery q, SqlParameters p)
    {
        var column = q.OrderBy switch
        {
            BatchJobOrderField.StartTime => "b.start_time",
            BatchJobOrderField.EndTime => "b.end_time",
            _ => "b.id",
        };
        var direction = q.Descending ? "DESC NULLS LAST" : "ASC NULLS LAST";
        var limit = Math.Min(q.Limit ?? BatchJobQuery.MaxPageSize, BatchJobQuery.MaxPageSize);
        return $"ORDER BY {column} {direction}, b.id {(q.Descending ? "DESC" : "ASC")} LIMIT {p.Add(limit)} OFFSET {p.Add(q.Offset)}";
    }
}
