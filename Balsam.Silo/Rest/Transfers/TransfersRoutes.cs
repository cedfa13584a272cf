using Balsam.Jobs;
using Balsam.Silo.Rest.Core;
using Balsam.Transfers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Transfers;

/// <summary>
/// Balsam's <c>/transfers/</c> routes. Updates go through <see cref="IJobServiceGrain.UpdateTransferItemsAsync"/>, which
/// then lets each affected job move on exactly as our transfer service's reports do.
/// </summary>
public static class TransfersRoutes
{
    /// <summary>Maps the routes under <c>/transfers</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapTransfers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/transfers");
        group.MapGet("/", async (HttpContext http) =>
        {
            var (query, limit, offset) = TransferQueryParameters.Parse(http.Request.Query);
            var all = await Jobs(http).TransferItemsAsync(query with { Limit = JobQuery.MaxPageSize, Offset = 0 });
            return RestResults.Ok(new Paging(limit, offset).Apply(all, TransferMapper.ToOut));
        });
        group.MapGet("/{id:long}", async (HttpContext http, long id) => RestResults.Ok(TransferMapper.ToOut(await FindAsync(http, id))));
        group.MapPut("/{id:long}", async (HttpContext http, long id) =>
        {
            var update = await RestBody.ReadAsync<TransferItemUpdateIn>(http.Request);
            var current = await FindAsync(http, id);
            await Jobs(http).UpdateTransferItemsAsync([TransferMapper.ToUpdate(id, update, current.State)]);
            return RestResults.Ok(TransferMapper.ToOut(await FindAsync(http, id)));
        });
        group.MapPatch("/", async (HttpContext http) =>
        {
            var updates = await RestBody.ReadAsync<List<TransferItemBulkUpdateIn>>(http.Request);
            var ids = updates.Select(u => u.Id).Distinct().ToList();
            var current = ids.Count == 0
                ? []
                : (await Jobs(http).TransferItemsAsync(new TransferItemQuery { Ids = ids, Limit = ids.Count })).ToDictionary(t => t.Id);
            var missing = ids.Where(id => !current.ContainsKey(id)).ToList();
            if (missing.Count > 0)
            {
                return RestResults.Detail(StatusCodes.Status404NotFound, $"No transfer items with ids: {string.Join(", ", missing)}");
            }

            await Jobs(http).UpdateTransferItemsAsync([.. updates.Select(u => TransferMapper.ToUpdate(u.Id, u, current[u.Id].State))]);
            var after = ids.Count == 0 ? [] : await Jobs(http).TransferItemsAsync(new TransferItemQuery { Ids = ids, Limit = ids.Count });
            return RestResults.Ok(after.Select(TransferMapper.ToOut).ToList());
        });
        return group;
    }

    private static IJobServiceGrain Jobs(HttpContext http) => RestEndpoints.Grains(http).GetGrain<IJobServiceGrain>(0);

    private static async Task<TransferItemRecord> FindAsync(HttpContext http, long id) =>
        (await Jobs(http).TransferItemsAsync(new TransferItemQuery { Ids = [id], Limit = 1 })).FirstOrDefault()
        ?? throw new Errors.ResourceNotFoundException("Transfer item", id.ToString());
}
