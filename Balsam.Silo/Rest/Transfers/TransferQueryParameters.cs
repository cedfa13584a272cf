using Balsam.Silo.Rest.Core;
using Balsam.Silo.Rest.Jobs;
using Balsam.Transfers;
using Balsam.Validation;
using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Rest.Transfers;

/// <summary>Balsam's <c>TransferItemQuery</c> parameters as our <see cref="TransferItemQuery"/> (ordered by id).</summary>
internal static class TransferQueryParameters
{
    /// <summary>The filters; the page (<c>limit</c>, <c>offset</c>) comes back beside them.</summary>
    public static (TransferItemQuery Query, int Limit, int Offset) Parse(IQueryCollection query)
    {
        var q = new QueryReader(query, "transfer item query");
        var errors = new ValidationCollector("transfer item query");
        var siteId = q.Long("site_id");
        var result = new TransferItemQuery
        {
            Ids = q.Longs("id"),
            SiteIds = siteId is { } site ? [site] : null,
            JobIds = q.Longs("job_id"),
            States = q.Strings("state")?.Select(s => TransferMapper.ParseState(s, "state", errors)).OfType<TransferItemState>().ToList(),
            Direction = q.String("direction") is { } direction ? TransferMapper.ParseDirection(direction, "direction", errors) : null,
            JobState = q.State("job_state"),
            Tags = q.Tags("tags"),
        };
        foreach (var problem in errors.Problems)
        {
            q.Add(problem.Field, problem.Rule);
        }

        var (limit, offset) = q.Paging();
        q.ThrowIfAny();
        return (result, limit, offset);
    }
}
