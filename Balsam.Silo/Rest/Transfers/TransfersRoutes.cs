using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Transfers;

/// <summary>Balsam's <c>/transfers/</c> routes.</summary>
public static class TransfersRoutes
{
    /// <summary>Maps the routes under <c>/transfers</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapTransfers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/transfers");
        return group;
    }
}
