using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Apps;

/// <summary>Balsam's <c>/apps/</c> routes.</summary>
public static class AppsRoutes
{
    /// <summary>Maps the routes under <c>/apps</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapApps(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/apps");
        return group;
    }
}
