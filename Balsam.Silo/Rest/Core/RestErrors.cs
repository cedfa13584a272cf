using Balsam.Auth;
using Balsam.Errors;
using Balsam.Sessions;
using Balsam.States;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Balsam.Silo.Rest.Core;

/// <summary>
/// The one place where the service's refusals become HTTP answers (Balsam's §8.4): not found → 404, a broken rule, a
/// taken name, an illegal state move or a lease not held → 400 naming the field or states, a schema violation → 422 in
/// FastAPI's shape, a call the service keeps for itself → 403, a passing outage → 503 (retry). Anything else is a bug: 500.
/// </summary>
internal sealed class RestErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception error) when (ToResult(error) is { } result)
        {
            return result;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Balsam.Rest")
                .LogError(error, "{Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return RestResults.Detail(StatusCodes.Status500InternalServerError, "Internal server error");
        }
    }

    /// <summary>The answer to a refusal; null for an error that is a bug.</summary>
    public static IResult? ToResult(Exception error) => error switch
    {
        RestSchemaException schema => Results.Json(new { detail = schema.Errors }, RestJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity),
        ResourceNotFoundException => RestResults.NotFound(),
        BalsamValidationException or NameConflictException or InvalidTransitionException or TransitionNotPermittedException
            or LeaseNotHeldException => RestResults.Detail(StatusCodes.Status400BadRequest, error.Message),
        BalsamAuthenticationException => RestResults.Detail(StatusCodes.Status403Forbidden, error.Message),
        _ when TransientErrors.IsTransient(error) => RestResults.Detail(StatusCodes.Status503ServiceUnavailable, error.Message),
        _ => null,
    };
}
