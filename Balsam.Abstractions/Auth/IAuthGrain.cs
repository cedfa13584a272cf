namespace Balsam.Auth;

/// <summary>
/// Login and logout, keyed 0: exchanges a user name and password (users are created by the operator with
/// <c>balsam-silo user add</c>) for a random bearer token that expires and can be revoked.
/// </summary>
[Alias("balsam.IAuthGrain")]
public interface IAuthGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// A new token for the user; throws <see cref="BalsamAuthenticationException"/> with one message for an unknown user
    /// and a wrong password alike. <paramref name="lifetime"/> may shorten the service's token lifetime, never extend it.
    /// </summary>
    [Alias("Login")]
    Task<IssuedToken> LoginAsync(string userName, string password, TimeSpan? lifetime = null);

    /// <summary>Revokes the token; false when it was unknown, expired or already revoked.</summary>
    [Alias("Logout")]
    Task<bool> LogoutAsync(string token);

    /// <summary>The user and expiry of a valid token; null when it is unknown, expired or revoked.</summary>
    [Alias("WhoAmI")]
    Task<TokenIdentity?> WhoAmIAsync(string token);

    /// <summary>
    /// A new token for the user of the token this call carries, with the same lifetime, so that a long-running agent
    /// renews before its token expires; the old token stays valid until its own expiry. Throws
    /// <see cref="BalsamAuthenticationException"/> when the call carries no valid token.
    /// </summary>
    [Alias("Renew")]
    Task<IssuedToken> RenewAsync();

    /// <summary>
    /// Whom the token this call carries (request context <see cref="AuthContext.TokenKey"/>, which the client sends with
    /// every call) stands for; null when the call carries none or an invalid one.
    /// </summary>
    [Alias("Caller")]
    Task<TokenIdentity?> CallerAsync();
}
