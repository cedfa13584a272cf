using Balsam.Silo.Rest.Core;
using Balsam.BatchJobs;
using Balsam.Silo.Rest.Jobs;
using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Rest.BatchJobs;

/// <summary>Balsam's <c>BatchJobQuery</c> parameters as our <see cref="BatchJobQuery"/>.</summary>
internal static class BatchJobQueryParameters
{
    private static readonly IReadOnlyDictionary<string, BatchJobOrderField> OrderFields =
        new Dictionary<string, BatchJobOrderField> { ["start_time"] = BatchJobOrderField.StartTime };

    /// <summary>The filters; the page (<c>limit</c>, <c>offset</c>) comes back beside them.</summary>
    public static (BatchJobQuery Query, int Limit, int Offset) Parse(IQueryCollection query)
    {
        var q = new QueryReader(query, "batch job query");
        var states = q.Strings("state")?.Select(text =>
        {
            if (BatchJobStateNames.TryParse(text, out var state) && state.Name() == text)
            {
                return (BatchJobState?)state;
            }

            q.Add("state", $"'{text}' is not a batch job state; use one of {string.Join(", ", BatchJobStateNames.All)}");
            return null;
        }).OfType<BatchJobState>().ToList();
        var result = new BatchJobQuery
        {
            Ids = q.Longs("id"),
            SiteIds = q.Longs("site_id"),
            States = states,
            SchedulerId = q.Long("scheduler_id"),
            Queue = q.String("queue"),
            FilterTags = q.Tags("filter_tags"),
            StartTimeBefore = q.Time("start_time_before"),
            StartTimeAfter = q.Time("start_time_after"),
            EndTimeBefore = q.Time("end_time_before"),
            EndTimeAfter = q.Time("end_time_after"),
        };
        if (q.Ordering(OrderFields) is { } ordering)
        {
            result = result with { OrderBy = ordering.Field, Descending = ordering.Descending };
        }

        var (limit, offset) = q.Paging();
        q.ThrowIfAny();
        return (result, limit, offset);
    }
}
