using Balsam.Errors;
using Balsam.Silo.Rest.Core;
using Balsam.Sites;
using Balsam.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Sites;

/// <summary>
/// Balsam's <c>/sites/</c> routes over the caller's <see cref="IUserGrain"/> (create, list, rename, delete) and the
/// <see cref="ISiteGrain"/> (settings, scheduler state, heartbeat). Lists filter by <c>name</c>, <c>path</c> (contains),
/// <c>id</c> and <c>last_refresh_after</c>, ordered by id.
/// </summary>
public static class SitesRoutes
{
    /// <summary>Maps the routes under <c>/sites</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapSites(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sites");
        group.MapGet("/", (Delegate)ListAsync);
        group.MapPost("/", (Delegate)CreateAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPut("/{id:long}", UpdateAsync);
        group.MapDelete("/{id:long}", DeleteAsync);
        return group;
    }

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        var query = new QueryReader(context.Request.Query, "site query");
        var name = query.String("name");
        var path = query.String("path");
        var ids = query.Longs("id") ?? [];
        var refreshedAfter = query.Time("last_refresh_after");
        var paging = Paging.From(query);
        query.ThrowIfAny();
        var sites = (await User(context).ListSitesAsync()).Select(SiteMapper.ToOut)
            .Where(s => name is null || s.Name == name)
            .Where(s => string.IsNullOrEmpty(path) || s.Path.Contains(path, StringComparison.Ordinal))
            .Where(s => ids.Count == 0 || ids.Contains(s.Id))
            .Where(s => refreshedAfter is null || s.LastRefresh >= refreshedAfter)
            .OrderBy(s => s.Id)
            .ToList();
        return RestResults.Ok(paging.Apply(sites, s => s));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context) =>
        RestResults.Ok(SiteMapper.ToOut(await Site(context, id).GetAsync()));

    private static async Task<IResult> CreateAsync(HttpContext context)
    {
        var body = await RestBody.ReadAsync<SiteIn>(context.Request, context.RequestAborted);
        var missing = new[] { ("name", body.Name), ("path", body.Path) }.Where(f => f.Item2 is null).ToList();
        if (missing.Count > 0)
        {
            throw new RestSchemaException([.. missing.Select(f => new RestSchemaError(["body", f.Item1], "field required", "value_error.missing"))]);
        }

        try
        {
            var site = await User(context).CreateSiteAsync(new SiteSpec
            {
                Name = body.Name!,
                Path = body.Path!,
                Settings = SiteMapper.Settings(body, new SiteSettingsSummary()),
            });
            if (body.BackfillWindows is not null || body.QueuedJobs is not null)
            {
                await Site(context, site.Id).PublishSchedulerStateAsync(
                    SiteMapper.BackfillWindows(body.BackfillWindows ?? []), SiteMapper.QueuedJobs(body.QueuedJobs ?? []));
            }

            return RestResults.Created(SiteMapper.ToOut(await Site(context, site.Id).GetAsync()));
        }
        catch (BalsamValidationException e)
        {
            throw SiteMapper.InRestTerms(e);
        }
    }

    /// <summary>A partial update; like Balsam's, it also marks the site refreshed now (the agent's scheduler service PUTs every cycle).</summary>
    private static async Task<IResult> UpdateAsync(long id, HttpContext context)
    {
        var body = await RestBody.ReadAsync<SiteIn>(context.Request, context.RequestAborted);
        var site = Site(context, id);
        var current = await site.GetAsync();
        try
        {
            if (body.Name is { } name && name != current.Name)
            {
                await User(context).RenameSiteAsync(id, name);
            }

            if (body.Path is not null || SiteMapper.ChangesSettings(body))
            {
                await site.UpdateAsync(body.Path, SiteMapper.ChangesSettings(body) ? SiteMapper.Settings(body, current.Settings) : null);
            }

            if (body.BackfillWindows is not null || body.QueuedJobs is not null)
            {
                await site.PublishSchedulerStateAsync(
                    body.BackfillWindows is null ? current.BackfillWindows : SiteMapper.BackfillWindows(body.BackfillWindows),
                    body.QueuedJobs is null ? current.QueuedJobs : SiteMapper.QueuedJobs(body.QueuedJobs));
            }
            else
            {
                await site.HeartbeatAsync();
            }
        }
        catch (BalsamValidationException e)
        {
            throw SiteMapper.InRestTerms(e);
        }

        return RestResults.Ok(SiteMapper.ToOut(await site.GetAsync()));
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext context)
    {
        _ = await Site(context, id).GetAsync(); // another user's site is not found, as a missing one
        return await User(context).DeleteSiteAsync(id) ? RestResults.NoContent() : RestResults.NotFound();
    }

    private static IUserGrain User(HttpContext context) => RestEndpoints.Grains(context).GetGrain<IUserGrain>(RestCaller.User(context));

    private static ISiteGrain Site(HttpContext context, long id) => RestEndpoints.Grains(context).GetGrain<ISiteGrain>(id);
}
