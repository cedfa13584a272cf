using System.Reflection;
using Balsam.Auth;
using Balsam.Security;

namespace Balsam.Silo.Auth;

/// <summary>
/// Every call from a client to a Balsam grain presents a valid token (<see cref="AuthContext.TokenKey"/>), and may touch
/// only its own user's objects: the filter verifies the token, writes the verified user into the request context
/// (<see cref="CallerScope"/>), and asks an owned grain (<see cref="IOwnedGrain"/>) for its owner, answering a stranger
/// exactly as a missing object answers (an error, or null from a <c>Find</c> method). The login grain needs no token; methods marked
/// <see cref="ServiceInternalAttribute"/> are refused to clients. Calls between grains pass untouched: they are the
/// service's own, and carry the verified user of the call that started them.
/// </summary>
internal sealed class CallerAuthenticationFilter(TokenCache tokens, SiteOwners owners) : IIncomingGrainCallFilter
{
    private static readonly Assembly Contracts = typeof(IAuthGrain).Assembly;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        if (method?.DeclaringType?.Assembly != Contracts || !CallOrigin.IsClient(context.SourceId))
        {
            await context.Invoke();
            return;
        }

        RequestContext.Remove(CallerScope.VerifiedCallerKey); // only this filter speaks for a client
        if (method.DeclaringType == typeof(IAuthGrain))
        {
            await context.Invoke();
            return;
        }

        if (method.GetCustomAttribute<ServiceInternalAttribute>() is not null)
        {
            throw new BalsamAuthenticationException($"{method.DeclaringType.Name}.{method.Name} is called only by the service itself");
        }

        var token = RequestContext.Get(AuthContext.TokenKey) as string;
        if (string.IsNullOrEmpty(token))
        {
            throw new BalsamAuthenticationException(AuthContext.NotLoggedIn);
        }

        var caller = await tokens.ValidateAsync(token) ?? throw new BalsamAuthenticationException(AuthContext.TokenRefused);
        RequestContext.Set(CallerScope.VerifiedCallerKey, caller.UserName);
        if (context.TargetContext?.GrainInstance is IOwnedGrain owned
            && await owned.OwnerAsync(owners) is { } owner && owner != caller.UserName)
        {
            if (method.Name.StartsWith("Find", StringComparison.Ordinal))
            {
                context.Result = null; // a Find method answers null for a missing object, so for a stranger's too
                return;
            }

            throw owned.NotFound();
        }

        await context.Invoke();
    }
}
