using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Events;

/// <summary>Balsam's <c>/events/</c> routes.</summary>
public static class EventsRoutes
{
    /// <summary>Maps the routes under <c>/events</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/events");
        return group;
    }
}
