using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Sessions;

/// <summary>Balsam's <c>/sessions/</c> routes.</summary>
public static class SessionsRoutes
{
    /// <summary>Maps the routes under <c>/sessions</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sessions");
        return group;
    }
}
