using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Transfers;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>Turns a <see cref="TransferItemQuery"/> into SQL over <c>transfer_items t</c> joined to <c>jobs j</c>.</summary>
internal static class TransferItemQuerySql
{
    public static string Build(TransferItemQuery q, SqlParameters p)
    {
        var clauses = new List<string>();
        if (q.JobIds is { } jobs) clauses.Add($"t.job_id = ANY({p.Add(jobs.ToArray())})");
        if (q.Ids is { } ids) clauses.Add($"t.id = ANY({p.Add(ids.ToArray())})");
        if (q.JobState is { } jobState) clauses.Add($"j.state = {p.Add(States.JobStateNames.Name(jobState))}");
        if (q.SiteIds is { } sites) clauses.Add($"j.site_id = ANY({p.Add(sites.ToArray())})");
        if (q.States is { } states) clauses.Add($"t.state = ANY({p.Add(states.Select(s => s.Name()).ToArray())})");
        if (q.Direction is { } direction) clauses.Add($"t.direction = {p.Add(direction == TransferDirection.In ? "in" : "out")}");
        if (q.LocationAlias is { } alias) clauses.Add($"t.location_alias = {p.Add(alias)}");
        if (q.Tags is { Count: > 0 } tags) clauses.Add($"j.tags @> {p.Jsonb(JsonMaps.FromStrings(tags))}");
        var where = clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", clauses);
        var limit = Math.Min(q.Limit ?? JobQuery.MaxPageSize, JobQuery.MaxPageSize);
        return $"""
            SELECT t.id, t.job_id, t.slot, t.direction, t.local_path, t.remote_path, t.location_alias, t.recursive, t.state,
                   t.task_id, t.transfer_info::text
            FROM transfer_items t JOIN jobs j ON j.id = t.job_id
            {where}
            ORDER BY t.id
            LIMIT {p.Add(limit)} OFFSET {p.Add(q.Offset)}
            """;
    }
}
