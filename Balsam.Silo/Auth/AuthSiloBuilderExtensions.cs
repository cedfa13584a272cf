using Microsoft.Extensions.DependencyInjection;

namespace Balsam.Silo.Auth;

/// <summary>Users and login in an Orleans silo.</summary>
public static class AuthSiloBuilderExtensions
{
    /// <summary>
    /// Sets how long login tokens live. The users, tokens and the filter that refuses calls without a valid token come
    /// with <see cref="Hosting.BalsamGrainsSiloBuilderExtensions.AddBalsamGrains"/>.
    /// </summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="configure">Changes the token lifetime; null keeps 30 days.</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder AddBalsamAuth(this ISiloBuilder silo, Action<AuthOptions>? configure = null)
    {
        silo.Services.AddOptions<AuthOptions>().Configure(o => configure?.Invoke(o))
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, "The token lifetime must be positive");
        return silo;
    }
}
