using Balsam.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Balsam.Silo.Hosting;

/// <summary>Settings of Balsam's grains in an Orleans silo.</summary>
public static class BalsamGrainsSiloBuilderExtensions
{
    /// <summary>
    /// Serves Balsam's grains: every client call presents a valid token and touches only its user's objects (an
    /// incoming grain-call filter over the users and tokens of <see cref="Auth.AuthStore"/>, on the silo's PostgreSQL,
    /// so after <see cref="BalsamPostgresSiloBuilderExtensions.AddBalsamPostgres"/>); and sets the grains' options:
    /// today the session expiry (defaults: 5 minutes without a heartbeat, checked every minute), validated when the silo
    /// starts.
    /// </summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="configureSessions">Changes the session expiry; null keeps the defaults.</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder AddBalsamGrains(this ISiloBuilder silo, Action<SessionExpiryOptions>? configureSessions = null)
    {
        silo.Services.AddOptions<SessionExpiryOptions>().Configure(o => configureSessions?.Invoke(o)).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionExpiryOptions>, SessionExpiryOptionsValidator>());
        silo.Services.TryAddSingleton<Balsam.Security.SiteOwners>();
        silo.Services.TryAddSingleton<Auth.AuthStore>();
        silo.Services.TryAddSingleton<Auth.TokenCache>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<Auth.AuthOptions>();
        silo.Services.TryAddSingleton<Auth.InternalCallStamp>();
        silo.AddIncomingGrainCallFilter<Auth.CallerAuthenticationFilter>();
        silo.AddOutgoingGrainCallFilter<Auth.InternalCallStampFilter>();
        return silo;
    }
}
