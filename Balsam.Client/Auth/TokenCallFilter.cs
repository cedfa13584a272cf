using Balsam.Auth;

namespace Balsam.Client.Auth;

/// <summary>Sends the client's token with every grain call, in the Orleans request context under <see cref="AuthContext.TokenKey"/>.</summary>
internal sealed class TokenCallFilter(Connection.ClientConnection connection) : IOutgoingGrainCallFilter
{
    // Async, so that the request-context change stays inside this call and does not leak into the caller's context.
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (connection.Tokens.Current is { } token)
        {
            RequestContext.Set(AuthContext.TokenKey, token);
        }

        await context.Invoke();
    }
}
