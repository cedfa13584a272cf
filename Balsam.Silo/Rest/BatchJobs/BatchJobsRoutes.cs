using Balsam.BatchJobs;
using Balsam.Silo.Rest.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.BatchJobs;

/// <summary>
/// Balsam's <c>/batch-jobs/</c> routes, through <see cref="IBatchJobServiceGrain"/> and <see cref="IBatchJobGrain"/>
/// (the site's queues, projects and limits are checked at creation; state changes follow the batch-job lifecycle).
/// </summary>
public static class BatchJobsRoutes
{
    /// <summary>Maps the routes under <c>/batch-jobs</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapBatchJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/batch-jobs");
        group.MapGet("/", (Delegate)ListAsync);
        group.MapPost("/", async (HttpContext http) =>
        {
            var spec = BatchJobMapper.ToSpec(await RestBody.ReadAsync<BatchJobCreateIn>(http.Request));
            return RestResults.Created(BatchJobMapper.ToOut(await Service(http).CreateAsync(spec)));
        });
        group.MapPatch("/", async (HttpContext http) =>
        {
            var updates = await RestBody.ReadAsync<List<BatchJobBulkUpdateIn>>(http.Request);
            var patches = updates.Select(u => (u.Id, Patch: BatchJobMapper.ToPatch(u))).ToList();
            foreach (var (id, _) in patches)
            {
                await Grain(http, id).GetAsync(); // every id must be the caller's before any changes
            }

            var results = new List<BatchJobOut>();
            foreach (var (id, patch) in patches)
            {
                results.Add(BatchJobMapper.ToOut(await Grain(http, id).UpdateAsync(patch)));
            }

            return RestResults.Ok(results);
        });
        group.MapGet("/{id:long}", async (HttpContext http, long id) => RestResults.Ok(BatchJobMapper.ToOut(await Grain(http, id).GetAsync())));
        group.MapPut("/{id:long}", async (HttpContext http, long id) =>
        {
            var patch = BatchJobMapper.ToPatch(await RestBody.ReadAsync<BatchJobUpdateIn>(http.Request));
            return RestResults.Ok(BatchJobMapper.ToOut(await Grain(http, id).UpdateAsync(patch)));
        });
        group.MapDelete("/{id:long}", async (HttpContext http, long id) =>
        {
            var batchJob = Grain(http, id);
            var current = await batchJob.GetAsync();
            // An allocation that may still run is asked to end (the site deletes it from the scheduler); an ended one goes.
            if (current.State.IsTerminal())
            {
                await batchJob.DeleteAsync();
            }
            else
            {
                await batchJob.RequestDeletionAsync();
            }

            return RestResults.NoContent();
        });
        return group;
    }

    private static IBatchJobServiceGrain Service(HttpContext http) => RestEndpoints.Grains(http).GetGrain<IBatchJobServiceGrain>(0);

    private static IBatchJobGrain Grain(HttpContext http, long id) => RestEndpoints.Grains(http).GetGrain<IBatchJobGrain>(id);

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var (query, limit, offset) = BatchJobQueryParameters.Parse(http.Request.Query);
        var count = await Service(http).CountAsync(query);
        var rows = new List<BatchJobRecord>();
        // Our service pages batch jobs at most BatchJobQuery.MaxPageSize at a time; Balsam's limit may be larger.
        while (rows.Count < limit)
        {
            var take = Math.Min(limit - rows.Count, BatchJobQuery.MaxPageSize);
            var page = await Service(http).QueryAsync(query with { Limit = take, Offset = offset + rows.Count });
            rows.AddRange(page);
            if (page.Count < take)
            {
                break;
            }
        }

        return RestResults.Ok(new Page<BatchJobOut>(count, [.. rows.Select(BatchJobMapper.ToOut)]));
    }
}
