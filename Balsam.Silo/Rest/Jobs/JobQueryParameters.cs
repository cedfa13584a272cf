using Balsam.Silo.Rest.Core;
using Balsam.Jobs;
using Balsam.States;
using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>Balsam's <c>JobQuery</c> parameters (BALSAM-REFERENCE §8.3) as our <see cref="JobQuery"/>.</summary>
internal static class JobQueryParameters
{
    /// <summary>Balsam's <c>JobOrdering</c> fields.</summary>
    public static readonly IReadOnlyDictionary<string, JobOrderField> OrderFields = new Dictionary<string, JobOrderField>
    {
        ["last_update"] = JobOrderField.LastUpdate,
        ["id"] = JobOrderField.Id,
        ["state"] = JobOrderField.State,
        ["workdir"] = JobOrderField.Workdir,
    };

    /// <summary>The filters (and, with <paramref name="paged"/>, the page) of a request; throws naming each bad parameter.</summary>
    public static JobQuery Parse(IQueryCollection query, bool paged)
    {
        var q = new QueryReader(query, "job query");
        var ids = q.Longs("id");
        var parents = q.Longs("parent_id");
        var states = q.States("state");
        var notState = q.State("state__ne");
        if (notState is { } excluded)
        {
            states = [.. (states ?? [.. Enum.GetValues<JobState>()]).Where(s => s != excluded)];
        }

        var appId = q.Long("app_id");
        var result = new JobQuery
        {
            Ids = ids,
            ParentIds = parents is { Count: > 0 } ? [.. parents.Distinct()] : null,
            AppIds = appId is { } app ? [app] : null,
            SiteIds = q.Longs("site_id"),
            BatchJobId = q.Long("batch_job_id"),
            LastUpdateBefore = q.Time("last_update_before"),
            LastUpdateAfter = q.Time("last_update_after"),
            WorkdirContains = q.String("workdir__contains") is { Length: > 0 } contains ? contains : null,
            States = states,
            Tags = q.Tags("tags"),
            // Balsam applies this filter only when true.
            PendingFileCleanup = q.Bool("pending_file_cleanup") == true ? true : null,
        };
        if (q.Ordering(OrderFields) is { } ordering)
        {
            result = result with { OrderBy = ordering.Field, Descending = ordering.Descending };
        }

        if (paged)
        {
            var (limit, offset) = q.Paging();
            result = result with { Limit = limit, Offset = offset };
        }

        q.ThrowIfAny();
        return result;
    }
}
