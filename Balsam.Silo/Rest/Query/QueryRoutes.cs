using System.Text.Json;
using Balsam.Apps;
using Balsam.Errors;
using Balsam.Http;
using Balsam.Jobs;
using Balsam.Silo.Rest.Core;
using Balsam.Sites;
using Balsam.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Query;

/// <summary>
/// The read-only <see cref="QueryApi"/> routes: the caller's sites, their apps, and a page of the caller's jobs for a
/// <see cref="JobQuery"/>, as the records the Orleans clients get. They call the same grains as the user of the
/// request's token, so a user sees here exactly what the gateway would show them.
/// </summary>
public static class QueryRoutes
{
    /// <summary>Maps the routes under <see cref="QueryApi.Prefix"/> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapQuery(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(QueryApi.Prefix);
        group.MapGet(QueryApi.SitesPath[QueryApi.Prefix.Length..], (Delegate)SitesAsync);
        group.MapGet(QueryApi.AppsPath[QueryApi.Prefix.Length..], (Delegate)AppsAsync);
        group.MapPost(QueryApi.JobsPath[QueryApi.Prefix.Length..], (Delegate)JobsAsync);
        return group;
    }

    private static async Task<IResult> SitesAsync(HttpContext http)
    {
        var user = RestEndpoints.Grains(http).GetGrain<IUserGrain>(RestCaller.User(http));
        return Results.Json([.. await user.ListSitesAsync()], QueryApi.Json.ListSiteInfo);
    }

    /// <summary>The apps of the requested sites, each site's by name; 404 when one of them is not the caller's.</summary>
    private static async Task<IResult> AppsAsync(HttpContext http)
    {
        var query = new QueryReader(http.Request.Query, "app query");
        var siteIds = query.Longs("site_id") ?? [];
        query.ThrowIfAny();
        var grains = RestEndpoints.Grains(http);
        var own = await grains.GetGrain<IUserGrain>(RestCaller.User(http)).SiteIdsAsync();
        if (siteIds.Where(id => !own.Contains(id)).Select(id => (long?)id).FirstOrDefault() is { } foreign)
        {
            throw new ResourceNotFoundException("Site", foreign.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var apps = new List<AppInfo>();
        foreach (var siteId in siteIds.Distinct())
        {
            apps.AddRange(await grains.GetGrain<ISiteGrain>(siteId).ListAppsAsync()); // in the site's name order
        }

        return Results.Json(apps, QueryApi.Json.ListAppInfo);
    }

    private static async Task<IResult> JobsAsync(HttpContext http)
    {
        JobQuery? query;
        try
        {
            query = await http.Request.ReadFromJsonAsync(QueryApi.Json.JobQuery, http.RequestAborted);
        }
        catch (JsonException e)
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest, $"The body is not a job query: {e.Message}");
        }

        if (query is null)
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest, "The body is not a job query: it is empty or null.");
        }

        var jobs = RestEndpoints.Grains(http).GetGrain<IJobServiceGrain>(0);
        // The page and the total in one round trip's time.
        var counting = jobs.CountAsync(query with { Limit = null, Offset = 0 });
        var listing = jobs.QueryAsync(query); // with a limit of 0 too: it checks the offset
        await Task.WhenAll(counting, listing);
        return Results.Json(new JobPage(await counting, await listing), QueryApi.Json.JobPage);
    }
}
