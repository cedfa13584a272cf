using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>Balsam's <c>/jobs/</c> routes.</summary>
public static class JobsRoutes
{
    /// <summary>Maps the routes under <c>/jobs</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/jobs");
        return group;
    }
}
