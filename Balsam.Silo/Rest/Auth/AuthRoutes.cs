using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Auth;

/// <summary>Balsam's <c>/auth/</c> routes: which login methods there are, password login, the caller, sign-up.</summary>
public static class AuthRoutes
{
    /// <summary>Maps the routes under <c>/auth</c>; <paramref name="open"/> needs no token, <paramref name="secured"/> does.</summary>
    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder open, IEndpointRouteBuilder secured)
    {
        _ = secured;
        return open.MapGroup("/auth");
    }
}
