using Balsam.Auth;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Balsam.Silo.Auth;

/// <summary>
/// Login, logout, renewal and who-am-i over the <see cref="AuthStore"/>. A stateless worker: password hashing runs in
/// parallel on every silo, off the grain scheduler. A refused login gets one message whatever the reason.
/// </summary>
[StatelessWorker]
internal sealed class AuthGrain(AuthStore store, TokenCache tokens, IOptions<AuthOptions> options) : Grain, IAuthGrain
{
    public async Task<IssuedToken> LoginAsync(string userName, string password, TimeSpan? lifetime = null)
    {
        var longest = options.Value.TokenLifetime;
        var granted = lifetime is { } asked && asked > TimeSpan.Zero && asked < longest ? asked : longest;
        return await store.LoginAsync(userName ?? "", password ?? "", granted) ?? throw new BalsamAuthenticationException();
    }

    public async Task<bool> LogoutAsync(string token)
    {
        tokens.Forget(token ?? "");
        return await store.RevokeAsync(token);
    }

    public async Task<IssuedToken> RenewAsync()
    {
        var identity = await CallerAsync() ?? throw new BalsamAuthenticationException(AuthContext.TokenRefused);
        var lifetime = identity.ExpiresAt - identity.CreatedAt;
        var longest = options.Value.TokenLifetime;
        return await store.IssueAsync(identity.UserName, lifetime > TimeSpan.Zero && lifetime < longest ? lifetime : longest);
    }

    public Task<TokenIdentity?> WhoAmIAsync(string token) => store.ValidateAsync(token);

    public Task<TokenIdentity?> CallerAsync() => store.ValidateAsync(RequestContext.Get(AuthContext.TokenKey) as string);
}
