using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Silo.Rest.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>
/// Balsam's <c>/jobs/</c> routes. Reads and writes go through <see cref="IJobServiceGrain"/> and <see cref="IJobGrain"/>:
/// the same validation, ownership and transition table as the Orleans clients.
/// </summary>
public static class JobsRoutes
{
    /// <summary>Balsam's MAX_ITEMS_PER_BULK_OP: jobs per bulk create or update, rows per query update.</summary>
    public const int MaxItemsPerBulkOp = 5000;

    /// <summary>Maps the routes under <c>/jobs</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/jobs");
        group.MapGet("/", (Delegate)ListAsync);
        group.MapPost("/", (Delegate)CreateAsync);
        group.MapPatch("/", (Delegate)BulkUpdateAsync);
        group.MapPut("/", (Delegate)QueryUpdateAsync);
        group.MapDelete("/", (Delegate)QueryDeleteAsync);
        group.MapGet("/{id:long}", async (HttpContext http, long id) =>
            RestResults.Ok(JobMapper.ToOut(await Service(http).GetGrain<IJobGrain>(id).GetAsync())));
        group.MapPut("/{id:long}", (Delegate)UpdateOneAsync);
        group.MapDelete("/{id:long}", async (HttpContext http, long id) =>
        {
            var job = Service(http).GetGrain<IJobGrain>(id);
            await job.GetAsync(); // 404 for a missing or another user's job; a held job is left as it is (Balsam: 204 all the same)
            await job.DeleteAsync();
            return RestResults.NoContent();
        });
        return group;
    }

    private static IGrainFactory Service(HttpContext http) => RestEndpoints.Grains(http);

    private static IJobServiceGrain Jobs(HttpContext http) => Service(http).GetGrain<IJobServiceGrain>(0);

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var query = JobQueryParameters.Parse(http.Request.Query, paged: true);
        var count = await Jobs(http).CountAsync(query with { Limit = null, Offset = 0 });
        var rows = query.Limit == 0 ? [] : await Jobs(http).QueryAsync(query);
        return RestResults.Ok(new Page<JobOut>(count, [.. rows.Select(JobMapper.ToOut)]));
    }

    private static async Task<IResult> CreateAsync(HttpContext http)
    {
        var jobs = await RestBody.ReadAsync<List<JobCreateIn>>(http.Request);
        if (jobs.Count > MaxItemsPerBulkOp)
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest, $"Cannot bulk-create more than {MaxItemsPerBulkOp} in a single API call.");
        }

        var apps = new Dictionary<long, AppInfo>();
        var missingApps = new List<long>();
        foreach (var appId in jobs.Select(j => j.AppId).Distinct())
        {
            try
            {
                apps[appId] = await Service(http).GetGrain<IAppCatalogueGrain>(0).GetAppByIdAsync(appId);
            }
            catch (Errors.ResourceNotFoundException)
            {
                missingApps.Add(appId);
            }
        }

        if (missingApps.Count > 0)
        {
            return RestResults.Detail(StatusCodes.Status404NotFound, $"Could not find one or more Apps with ids: {string.Join(", ", missingApps)}");
        }

        var parents = jobs.SelectMany(j => j.ParentIds ?? []).Distinct().ToList();
        if (parents.Count > 0)
        {
            var found = (await Jobs(http).QueryAsync(new JobQuery { Ids = parents, Limit = parents.Count })).Select(j => j.Id).ToHashSet();
            var missing = parents.Where(p => !found.Contains(p)).ToList();
            if (missing.Count > 0)
            {
                return RestResults.Detail(StatusCodes.Status404NotFound,
                    $"Could not find one or more Jobs set as parents: {string.Join(", ", missing)}");
            }
        }

        var created = await Jobs(http).CreateAsync([.. jobs.Select(j => JobMapper.ToSpec(j, apps[j.AppId]))]);
        return RestResults.Created(created.Select(JobMapper.ToOut).ToList());
    }

    private static async Task<IResult> BulkUpdateAsync(HttpContext http)
    {
        var updates = await RestBody.ReadAsync<List<JobBulkUpdateIn>>(http.Request);
        JobUpdateNulls.ThrowIfRefused(updates, indexed: true);
        if (updates.Count > MaxItemsPerBulkOp)
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest, $"Cannot bulk-update more than {MaxItemsPerBulkOp} in a single API call.");
        }

        var duplicates = updates.GroupBy(u => u.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest, $"Duplicate Job ID keys provided: {string.Join(", ", duplicates)}");
        }

        var ids = updates.Select(u => u.Id).ToList();
        var current = await CurrentAsync(http, ids);
        var missing = ids.Where(id => !current.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest, $"No jobs with ids: {string.Join(", ", missing)}");
        }

        return await ApplyAsync(http, updates.ToDictionary(u => u.Id, u => Patch(u, current[u.Id])));
    }

    private static async Task<IResult> QueryUpdateAsync(HttpContext http)
    {
        var query = JobQueryParameters.Parse(http.Request.Query, paged: false);
        var update = await RestBody.ReadAsync<JobUpdateIn>(http.Request);
        JobUpdateNulls.ThrowIfRefused([update], indexed: false);
        var count = await Jobs(http).CountAsync(query);
        if (count > MaxItemsPerBulkOp)
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest,
                $"Cannot update {count} jobs in one call: the query matches more than {MaxItemsPerBulkOp}. Narrow it down.");
        }

        var rows = await Jobs(http).QueryAsync(query with { Limit = MaxItemsPerBulkOp });
        return await ApplyAsync(http, rows.ToDictionary(r => r.Id, r => Patch(update, r)));
    }

    private static async Task<IResult> UpdateOneAsync(HttpContext http, long id)
    {
        var update = await RestBody.ReadAsync<JobUpdateIn>(http.Request);
        JobUpdateNulls.ThrowIfRefused([update], indexed: false);
        var job = Service(http).GetGrain<IJobGrain>(id);
        // The stored row says who holds the job (an acquire leases in the store, after the grain may have loaded it);
        // a job that is not there, or not the caller's, is answered by the grain as every route answers it.
        var current = (await CurrentAsync(http, [id])).GetValueOrDefault(id) ?? await job.GetAsync();
        await job.UpdateAsync(Patch(update, current));
        return RestResults.Ok(1);
    }

    private static async Task<IResult> QueryDeleteAsync(HttpContext http)
    {
        await Jobs(http).DeleteAsync(JobQueryParameters.Parse(http.Request.Query, paged: false));
        return RestResults.NoContent();
    }

    private static JobPatch Patch(JobUpdateIn update, JobRecord current)
    {
        var target = update.State is null ? null : JobMapper.ParseState(update.State, new Validation.ValidationCollector("update"));
        var (actor, session) = JobMapper.ActorFor(current, target);
        return JobMapper.ToPatch(update, current, actor, session);
    }

    private static async Task<Dictionary<long, JobRecord>> CurrentAsync(HttpContext http, List<long> ids) =>
        ids.Count == 0
            ? []
            : (await Jobs(http).QueryAsync(new JobQuery { Ids = ids, Limit = ids.Count })).ToDictionary(j => j.Id);

    /// <summary>
    /// Applies one change per job; answers the number changed, or 400 naming each refused job and why (an illegal move
    /// names both states). The other jobs of the call keep their change, as each job is its own writer.
    /// </summary>
    private static async Task<IResult> ApplyAsync(HttpContext http, Dictionary<long, JobPatch> patches)
    {
        if (patches.Count == 0)
        {
            return RestResults.Ok(0);
        }

        var result = await Jobs(http).UpdateEachAsync(patches);
        if (result.Failures.Count == 0)
        {
            return RestResults.Ok(result.Changed);
        }

        var status = result.Transient is { Count: > 0 } transient && transient.Count == result.Failures.Count
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status400BadRequest;
        return RestResults.Detail(status, $"{result.Changed} of {result.Matched} jobs updated; refused: " +
            string.Join("; ", result.Failures.OrderBy(f => f.Key).Select(f => f.Value)));
    }
}
