namespace Balsam.Silo.Auth;

/// <summary>
/// Stamps every grain call a silo makes (from a grain, a timer, the hosted client of the REST API and the sweeps) as the
/// service's own (<see cref="InternalCallStamp"/>); a call to a client (an observer) never carries the stamp. Only
/// calls of Balsam's contracts are stamped: they are the only ones <see cref="CallerAuthenticationFilter"/> checks.
/// </summary>
internal sealed class InternalCallStampFilter(InternalCallStamp stamp) : IOutgoingGrainCallFilter
{
    private static readonly System.Reflection.Assembly Contracts = typeof(Balsam.Auth.IAuthGrain).Assembly;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType?.Assembly != Contracts)
        {
            await context.Invoke();
            return;
        }

        if (context.TargetId.IsClient())
        {
            RequestContext.Remove(InternalCallStamp.Key);
        }
        else
        {
            RequestContext.Set(InternalCallStamp.Key, await stamp.ValueAsync());
        }

        await context.Invoke();
    }
}
