using Balsam.Auth;
using Balsam.Silo.Auth;
using Balsam.Silo.Rest.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Balsam.Silo.Rest.Auth;

/// <summary>
/// Balsam's <c>/auth/</c> routes: which login methods there are (password only), password login for a token of the
/// silo's own (the same login grain the SDK calls, with the silo's token lifetime), the caller, and sign-up, which is
/// refused unless the silo runs with <c>--allow-registration</c>.
/// </summary>
public static class AuthRoutes
{
    /// <summary>What <c>GET /auth/how</c> lists: Balsam's client then asks for a user name and password.</summary>
    public const string PasswordMethod = "LoginMethod.password";

    public const string RegistrationOff =
        "Registration is off on this server: ask its operator to add you (balsam-silo user add NAME), or start the silo with --allow-registration";

    /// <summary>Maps the routes under <c>/auth</c>; <paramref name="open"/> needs no token, <paramref name="secured"/> does.</summary>
    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder open, IEndpointRouteBuilder secured)
    {
        var auth = open.MapGroup("/auth");
        auth.MapGet("/how", () => RestResults.Ok(new[] { PasswordMethod }));
        auth.MapPost("/password/login", (Delegate)LoginAsync).DisableAntiforgery();
        auth.MapPost("/password/register", RegisterAsync);
        secured.MapGet("/auth/password/me", MeAsync);
        return auth;
    }

    private static async Task<IResult> LoginAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            throw RestSchemaException.Body("username", "field required (send a form: username, password)", "value_error.missing");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var missing = new[] { "username", "password" }.Where(field => string.IsNullOrEmpty(form[field].ToString())).ToList();
        if (missing.Count > 0)
        {
            throw new RestSchemaException([.. missing.Select(field => new RestSchemaError(["body", field], "field required", "value_error.missing"))]);
        }

        try
        {
            var token = await RestEndpoints.Grains(context).GetGrain<IAuthGrain>(0).LoginAsync(form["username"].ToString(), form["password"].ToString());
            return RestResults.Ok(new TokenOut(token.Token, "bearer", token.ExpiresAt));
        }
        catch (BalsamAuthenticationException)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return RestResults.Detail(StatusCodes.Status401Unauthorized, BalsamAuthenticationException.WrongCredentials);
        }
    }

    private static async Task<IResult> MeAsync(HttpContext context, AuthStore store)
    {
        var user = RestCaller.User(context);
        return await store.FindUserIdAsync(user, context.RequestAborted) is { } id
            ? RestResults.Ok(new UserOut(id, user))
            : RestResults.Detail(StatusCodes.Status401Unauthorized, RestAuthentication.Refused);
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, AuthStore store)
    {
        if (!context.RequestServices.GetRequiredService<RestOptions>().AllowRegistration)
        {
            return RestResults.Detail(StatusCodes.Status403Forbidden, RegistrationOff);
        }

        var user = await RestBody.ReadAsync<UserCreate>(context.Request, context.RequestAborted);
        try
        {
            await store.AddUserAsync(user.Username, user.Password, context.RequestAborted);
        }
        catch (InvalidOperationException)
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest, "Username already taken");
        }
        catch (ArgumentException e)
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest, e.Message);
        }

        var id = await store.FindUserIdAsync(user.Username, context.RequestAborted) ?? 0;
        return RestResults.Created(new UserOut(id, user.Username));
    }
}
