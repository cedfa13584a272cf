using Balsam.Sessions;
using Balsam.Silo.Rest.Core;
using Balsam.Silo.Rest.Jobs;
using Balsam.Sites;
using Balsam.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Sessions;

/// <summary>
/// Balsam's <c>/sessions/</c> routes: a session is opened by its site (<see cref="ISiteGrain.OpenSessionAsync"/>), then
/// leases jobs, ticks and closes through its <see cref="ISessionGrain"/> (closing times out the jobs it still runs).
/// The list is of the sessions each of the caller's sites keeps (<see cref="ISiteGrain.SessionIdsAsync"/>).
/// </summary>
public static class SessionsRoutes
{
    /// <summary>Maps the routes under <c>/sessions</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sessions");
        group.MapGet("/", (Delegate)ListAsync);
        group.MapPost("/", async (HttpContext http) =>
        {
            var create = await RestBody.ReadAsync<SessionCreateIn>(http.Request);
            var site = RestEndpoints.Grains(http).GetGrain<ISiteGrain>(create.SiteId);
            await site.GetAsync(); // 404 for a missing or another user's site
            return RestResults.Created(SessionMapper.ToOut(await site.OpenSessionAsync(create.BatchJobId)));
        });
        group.MapPost("/{id:long}", async (HttpContext http, long id) =>
        {
            var request = SessionMapper.ToRequest(await RestBody.ReadAsync<SessionAcquireIn>(http.Request));
            var jobs = await Grain(http, id).AcquireAsync(request);
            return RestResults.Ok(jobs.Select(JobMapper.ToOut).ToList());
        });
        group.MapPut("/{id:long}", async (HttpContext http, long id) =>
        {
            await Grain(http, id).TickAsync();
            return RestResults.JsonNull();
        });
        group.MapDelete("/{id:long}", async (HttpContext http, long id) =>
        {
            var session = Grain(http, id);
            await session.GetAsync(); // 404 for a closed, missing or another user's session
            await session.CloseAsync();
            return RestResults.NoContent();
        });
        return group;
    }

    /// <summary>
    /// The caller's open sessions (at all of the caller's sites), ordered by id, optionally only those of the given
    /// <c>id</c>s (Balsam's one filter), paged by <c>limit</c> and <c>offset</c>.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var q = new QueryReader(http.Request.Query, "session query");
        var ids = q.Longs("id");
        var paging = Paging.From(q);
        q.ThrowIfAny();

        var grains = RestEndpoints.Grains(http);
        var siteIds = await grains.GetGrain<IUserGrain>(RestCaller.User(http)).SiteIdsAsync();
        var listed = (await Task.WhenAll(siteIds.Select(site => grains.GetGrain<ISiteGrain>(site).SessionIdsAsync()))).SelectMany(s => s);
        if (ids is not null)
        {
            listed = listed.Intersect(ids);
        }

        var sessions = (await Task.WhenAll(listed.Distinct().Select(async id =>
        {
            try
            {
                return await Grain(http, id).GetAsync();
            }
            catch (Errors.ResourceNotFoundException)
            {
                return null; // ended a moment ago
            }
        }))).OfType<SessionInfo>().OrderBy(s => s.Id).ToList();
        return RestResults.Ok(paging.Apply(sessions, SessionMapper.ToOut));
    }

    private static ISessionGrain Grain(HttpContext http, long id) => RestEndpoints.Grains(http).GetGrain<ISessionGrain>(id);
}
