using Balsam.Jobs;
using Balsam.Silo.Rest.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Events;

/// <summary>Balsam's <c>/events/</c> route: the caller's job events through <see cref="IJobServiceGrain.EventsAsync"/>.</summary>
public static class EventsRoutes
{
    /// <summary>Maps the routes under <c>/events</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/events");
        group.MapGet("/", async (HttpContext http) =>
        {
            var (query, limit, offset) = EventQueryParameters.Parse(http.Request.Query);
            // The count is of every match (up to the page-size cap); the page is cut from the same ordered list.
            var all = await RestEndpoints.Grains(http).GetGrain<IJobServiceGrain>(0)
                .EventsAsync(query with { Limit = JobQuery.MaxPageSize, Offset = 0 });
            return RestResults.Ok(new Paging(limit, offset).Apply(all, EventMapper.ToOut));
        });
        return group;
    }
}
