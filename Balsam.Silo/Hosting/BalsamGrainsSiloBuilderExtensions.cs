using Balsam.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Balsam.Silo.Hosting;

/// <summary>Settings of Balsam's grains in an Orleans silo.</summary>
public static class BalsamGrainsSiloBuilderExtensions
{
    /// <summary>
    /// Sets the grains' options: today the session expiry (defaults: 5 minutes without a heartbeat, checked every minute).
    /// The options are validated when the silo starts.
    /// </summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="configureSessions">Changes the session expiry; null keeps the defaults.</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder AddBalsamGrains(this ISiloBuilder silo, Action<SessionExpiryOptions>? configureSessions = null)
    {
        silo.Services.AddOptions<SessionExpiryOptions>().Configure(o => configureSessions?.Invoke(o)).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionExpiryOptions>, SessionExpiryOptionsValidator>());
        return silo;
    }
}
