using Balsam.Silo.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Balsam.Silo.Rest.Core;

/// <summary>
/// Every REST route but the login routes needs <c>Authorization: Bearer TOKEN</c> with a valid login token of the silo;
/// else 401 <c>{"detail": "Could not validate credentials"}</c> as Balsam's server answers. The verified user then rides
/// along every grain call the route makes (<see cref="RestCaller"/>).
/// </summary>
internal sealed class RestAuthentication : IEndpointFilter
{
    public const string Refused = "Could not validate credentials";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = Balsam.Auth.AuthContext.TokenOfAuthorizationHeader(http.Request.Headers.Authorization.ToString());
        var identity = string.IsNullOrEmpty(token) ? null : await http.RequestServices.GetRequiredService<TokenCache>().ValidateAsync(token);
        if (identity is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return RestResults.Detail(StatusCodes.Status401Unauthorized, Refused);
        }

        RestCaller.SetUser(http, identity.UserName);
        RequestContext.Set(RestCaller.Key, identity.UserName);
        try
        {
            return await next(context);
        }
        finally
        {
            RequestContext.Remove(RestCaller.Key);
        }
    }
}
