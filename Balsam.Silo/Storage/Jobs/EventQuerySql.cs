using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>Turns an <see cref="EventQuery"/> into SQL over <c>job_events e</c> joined to <c>jobs j</c>.</summary>
internal static class EventQuerySql
{
    public static string Build(EventQuery q, SqlParameters p)
    {
        var clauses = new List<string>();
        if (q.JobIds is { } ids) clauses.Add($"e.job_id = ANY({p.Add(ids.ToArray())})");
        if (q.Ids is { } eventIds) clauses.Add($"e.id = ANY({p.Add(eventIds.ToArray())})");
        if (q.Data is { Count: > 0 } data) clauses.Add($"e.data @> {p.Jsonb(JsonMaps.FromStrings(data))}");
        if (q.SiteId is { } site) clauses.Add($"j.site_id = {p.Add(site)}");
        if (q.SiteIds is { } sites) clauses.Add($"j.site_id = ANY({p.Add(sites.ToArray())})");
        if (q.BatchJobId is { } batchJob) clauses.Add($"j.batch_job_id = {p.Add(batchJob)}");
        if (q.SchedulerId is { } schedulerId)
        {
            clauses.Add($"j.batch_job_id IN (SELECT b.id FROM batch_jobs b WHERE b.scheduler_id = {p.Add(schedulerId)} AND b.site_id = j.site_id)");
        }

        if (q.Tags is { Count: > 0 } tags) clauses.Add($"j.tags @> {p.Jsonb(JsonMaps.FromStrings(tags))}");
        if (q.FromState is { } from) clauses.Add($"e.from_state = {p.Add(from.Name())}");
        if (q.ToState is { } to) clauses.Add($"e.to_state = {p.Add(to.Name())}");
        if (q.After is { } after) clauses.Add($"e.timestamp > {p.Add(after)}");
        if (q.Before is { } before) clauses.Add($"e.timestamp < {p.Add(before)}");
        var where = clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", clauses);
        var direction = q.Descending ? "DESC" : "ASC";
        var limit = Math.Min(q.Limit ?? JobQuery.MaxPageSize, JobQuery.MaxPageSize);
        return $"""
            SELECT e.job_id, e.timestamp, e.from_state, e.to_state, e.data::text, e.id
            FROM job_events e JOIN jobs j ON j.id = e.job_id
            {where}
            ORDER BY e.timestamp {direction}, e.id {direction}
            LIMIT {p.Add(limit)} OFFSET {p.Add(q.Offset)}
            """;
    }
}
