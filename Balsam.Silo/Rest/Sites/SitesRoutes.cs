using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Sites;

/// <summary>Balsam's <c>/sites/</c> routes.</summary>
public static class SitesRoutes
{
    /// <summary>Maps the routes under <c>/sites</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapSites(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sites");
        return group;
    }
}
