using Balsam.Client.Connection;
using Microsoft.Extensions.DependencyInjection;

namespace Balsam.Client.Hosting;

/// <summary>
/// Registers a <see cref="BalsamClient"/> in a hosted app (Microsoft.Extensions.Hosting, ASP.NET Core):
/// <code>
/// builder.Services.AddBalsamClient(o => o with { Gateway = "127.0.0.1:30000" });
/// // ... then inject BalsamClient anywhere:
/// public sealed class Reporter(BalsamClient balsam) { ... }
/// </code>
/// The Orleans client connects when the host starts (a failure stops the start with a
/// <see cref="BalsamConnectionException"/> that names the address tried and what to run) and closes when it stops;
/// the <see cref="BalsamClient"/> is disposed with the host.
/// </summary>
public static class BalsamClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Orleans client for the service found from <paramref name="options"/>, the <c>BALSAM_*</c>
    /// environment variables or the Balsam home's <c>service.json</c>, in that order, exactly as
    /// <see cref="BalsamClient.ConnectAsync"/> finds it (read when the client is first built), and a
    /// <see cref="BalsamClient"/> singleton over it. The client logs through the host's logging
    /// (<see cref="BalsamClientOptions.LogLevel"/> applies to <see cref="BalsamClient.ConnectAsync"/> only).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">Explicit settings; null uses the environment and the service file.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddBalsamClient(this IServiceCollection services, BalsamClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = options ?? new BalsamClientOptions();
        services.AddSingleton(_ => ClientConnection.Resolve(settings));
        OrleansClientRegistration.Add(services);
        services.AddSingleton(provider => new BalsamClient(
            provider.GetRequiredService<IClusterClient>(), provider.GetRequiredService<ClientConnection>(), ownHost: null));
        return services;
    }

    /// <summary>
    /// Registers the Orleans client and a <see cref="BalsamClient"/> singleton, with options made from the defaults:
    /// <c>services.AddBalsamClient(o =&gt; o with { Gateway = "login1:30000", UserName = "alice" })</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Returns the options to use, given empty ones.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddBalsamClient(this IServiceCollection services, Func<BalsamClientOptions, BalsamClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddBalsamClient(configure(new BalsamClientOptions()));
    }
}
