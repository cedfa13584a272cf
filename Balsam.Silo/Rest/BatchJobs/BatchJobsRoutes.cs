using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.BatchJobs;

/// <summary>Balsam's <c>/batch-jobs/</c> routes.</summary>
public static class BatchJobsRoutes
{
    /// <summary>Maps the routes under <c>/batch-jobs</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapBatchJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/batch-jobs");
        return group;
    }
}
