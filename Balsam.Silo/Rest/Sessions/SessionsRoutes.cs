using Balsam.Sessions;
using Balsam.Silo.Rest.Core;
using Balsam.Silo.Rest.Jobs;
using Balsam.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Sessions;

/// <summary>
/// Balsam's <c>/sessions/</c> routes: a session is opened by its site (<see cref="ISiteGrain.OpenSessionAsync"/>), then
/// leases jobs, ticks and closes through its <see cref="ISessionGrain"/> (closing times out the jobs it still runs).
/// </summary>
public static class SessionsRoutes
{
    /// <summary>Maps the routes under <c>/sessions</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sessions");
        group.MapGet("/", async (HttpContext http) =>
        {
            var q = new QueryReader(http.Request.Query, "session query");
            var ids = q.Longs("id");
            if (ids is null)
            {
                q.Add("id", "is required: list the sessions by id (?id=1&id=2)");
            }

            q.ThrowIfAny();
            var sessions = new List<SessionOut>();
            foreach (var id in ids!.Distinct().Order())
            {
                try
                {
                    sessions.Add(SessionMapper.ToOut(await Grain(http, id).GetAsync()));
                }
                catch (Errors.ResourceNotFoundException)
                {
                    // Absent from the list, like another user's session.
                }
            }

            return RestResults.Ok(new Page<SessionOut>(sessions.Count, sessions));
        });
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

    private static ISessionGrain Grain(HttpContext http, long id) => RestEndpoints.Grains(http).GetGrain<ISessionGrain>(id);
}
