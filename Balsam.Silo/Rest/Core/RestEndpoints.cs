using Balsam.Silo.Rest.Apps;
using Balsam.Silo.Rest.Auth;
using Balsam.Silo.Rest.BatchJobs;
using Balsam.Silo.Rest.Events;
using Balsam.Silo.Rest.Jobs;
using Balsam.Silo.Rest.Query;
using Balsam.Silo.Rest.Sessions;
using Balsam.Silo.Rest.Sites;
using Balsam.Silo.Rest.Transfers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Core;

/// <summary>
/// Balsam's REST API on the silo's HTTP port, at the root paths Balsam's server uses (<c>/sites/</c>, <c>/jobs/</c>, ...).
/// Every route calls the same grains as the Orleans clients do, through the silo's own client, as the user of the
/// request's bearer token (<see cref="RestAuthentication"/>, <see cref="RestCaller"/>); refusals become HTTP answers in
/// one place (<see cref="RestErrors"/>). A handler whose only parameter is the <c>HttpContext</c> must be mapped as
/// <c>(Delegate)Handler</c>: otherwise ASP.NET takes it for a plain <c>RequestDelegate</c> and runs no endpoint filter,
/// not even the authentication.
/// </summary>
public static class RestEndpoints
{
    public static IEndpointRouteBuilder MapBalsamRest(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("").AddEndpointFilter<RestErrors>();
        var secured = app.MapGroup("").AddEndpointFilter<RestErrors>().AddEndpointFilter<RestAuthentication>();
        open.MapAuth(secured);
        secured.MapSites();
        secured.MapApps();
        secured.MapJobs();
        secured.MapEvents();
        secured.MapBatchJobs();
        secured.MapTransfers();
        secured.MapSessions();
        secured.MapQuery();
        return app;
    }

    /// <summary>The silo's own client, through which every route calls the grains.</summary>
    internal static IGrainFactory Grains(HttpContext context) =>
        (IGrainFactory)context.RequestServices.GetService(typeof(IClusterClient))!;
}
