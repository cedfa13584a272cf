using Balsam.Silo.Rest.Core;
using Balsam.Jobs;
using Balsam.Silo.Rest.Jobs;
using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Rest.Events;

/// <summary>Balsam's <c>EventLogQuery</c> parameters as our <see cref="EventQuery"/> (newest first unless <c>ordering=timestamp</c>).</summary>
internal static class EventQueryParameters
{
    private static readonly IReadOnlyDictionary<string, bool> OrderFields = new Dictionary<string, bool> { ["timestamp"] = true };

    /// <summary>The filters and order; the page (<c>limit</c>, <c>offset</c>) comes back beside them.</summary>
    public static (EventQuery Query, int Limit, int Offset) Parse(IQueryCollection query)
    {
        var q = new QueryReader(query, "event query");
        var result = new EventQuery
        {
            Ids = q.Longs("id"),
            JobIds = q.Longs("job_id"),
            BatchJobId = q.Long("batch_job_id"),
            SchedulerId = q.Long("scheduler_id"),
            Tags = q.Tags("tags"),
            Data = q.Tags("data"),
            Before = q.Time("timestamp_before"),
            After = q.Time("timestamp_after"),
            FromState = q.State("from_state"),
            ToState = q.State("to_state"),
            Descending = q.Ordering(OrderFields) is not { Descending: false },
        };
        var (limit, offset) = q.Paging();
        q.ThrowIfAny();
        return (result, limit, offset);
    }
}
