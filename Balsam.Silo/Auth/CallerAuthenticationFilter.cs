using System.Reflection;
using Balsam.Auth;
using Balsam.Security;
using Balsam.Silo.Rest.Core;

namespace Balsam.Silo.Auth;

/// <summary>
/// Every call from a client to a Balsam grain presents a valid token (<see cref="AuthContext.TokenKey"/>), and may touch
/// only its own user's objects: the filter verifies the token, writes the verified user into the request context
/// (<see cref="CallerScope"/>), and asks an owned grain (<see cref="IOwnedGrain"/>) for its owner, answering a stranger
/// exactly as a missing object answers (an error, or null from a <c>Find</c> method). The login grain needs no token; methods marked
/// <see cref="ServiceInternalAttribute"/> are refused to clients. A REST request's call through the silo's hosted client
/// carries the user of its already verified bearer token (<see cref="RestCaller"/>) and is treated exactly like a client's
/// call of that user. Other calls between grains and from the hosted client pass untouched: they are the service's own,
/// and carry the verified user of the call that started them. A call counts as the service's own only when it carries
/// the silos' stamp (<see cref="InternalCallStamp"/>), never because of the caller id it names: a client chooses that id.
/// </summary>
internal sealed class CallerAuthenticationFilter(TokenCache tokens, SiteOwners owners, InternalCallStamp stamp) : IIncomingGrainCallFilter
{
    private static readonly Assembly Contracts = typeof(IAuthGrain).Assembly;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        if (method?.DeclaringType?.Assembly != Contracts)
        {
            await context.Invoke();
            return;
        }

        var presented = RequestContext.Get(InternalCallStamp.Key);
        RequestContext.Remove(InternalCallStamp.Key); // good for this call only
        var servicesOwn = presented is not null && await stamp.IsValidAsync(presented);
        if (!servicesOwn || CallOrigin.IsClient(context.SourceId))
        {
            RequestContext.Remove(CallerScope.VerifiedCallerKey); // only this filter speaks for a client
            RequestContext.Remove(RestCaller.Key); // and only the REST layer, inside the silo, for a REST request
            if (method.DeclaringType == typeof(IAuthGrain))
            {
                await context.Invoke();
                return;
            }

            RefuseServiceInternal(method);
            var token = RequestContext.Get(AuthContext.TokenKey) as string;
            if (string.IsNullOrEmpty(token))
            {
                throw new BalsamAuthenticationException(AuthContext.NotLoggedIn);
            }

            var caller = await tokens.ValidateAsync(token) ?? throw new BalsamAuthenticationException(AuthContext.TokenRefused);
            await InvokeAsCallerAsync(context, method, caller.UserName);
            return;
        }

        if (CallOrigin.IsHostedClient(context.SourceId) && RequestContext.Get(RestCaller.Key) is string restUser)
        {
            if (method.DeclaringType != typeof(IAuthGrain))
            {
                RefuseServiceInternal(method);
            }

            await InvokeAsCallerAsync(context, method, restUser);
            return;
        }

        await context.Invoke();
    }

    private static void RefuseServiceInternal(MethodInfo method)
    {
        if (method.GetCustomAttribute<ServiceInternalAttribute>() is not null)
        {
            throw new BalsamAuthenticationException($"{method.DeclaringType!.Name}.{method.Name} is called only by the service itself");
        }
    }

    private async Task InvokeAsCallerAsync(IIncomingGrainCallContext context, MethodInfo method, string user)
    {
        RequestContext.Set(CallerScope.VerifiedCallerKey, user);
        if (context.TargetContext?.GrainInstance is IOwnedGrain owned
            && await owned.OwnerAsync(owners) is { } owner && owner != user)
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
