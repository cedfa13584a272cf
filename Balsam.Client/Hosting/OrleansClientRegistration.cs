using Balsam.Client.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Balsam.Client.Hosting;

/// <summary>
/// The Orleans client of a Balsam client, for <see cref="BalsamClient.ConnectAsync"/>'s own host and for a hosted app
/// (<see cref="BalsamClientServiceCollectionExtensions.AddBalsamClient(IServiceCollection, BalsamClientOptions?)"/>) alike:
/// every gateway (Orleans fails over between them), the cluster and service ids of the <see cref="ClientConnection"/> registered beside it, no retries of a
/// refused connection beyond trying each gateway once, and a start bounded by the connect timeout that explains a failure.
/// </summary>
internal static class OrleansClientRegistration
{
    public static void Add(IServiceCollection services)
    {
        var before = services.Count;
        services.AddOrleansClient(client =>
        {
            client.UseStaticClustering((OptionsBuilder<StaticGatewayListProviderOptions> gateways) =>
                gateways.Configure<ClientConnection>((o, connection) => o.Gateways = [.. connection.Gateways.Select(g => g.ToGatewayUri())]));
            // Orleans' default filter retries a refused connection until the timeout; try each gateway once instead.
            client.UseConnectionRetryFilter<GatewayRetryFilter>();
            // First, so that each new attempt of a call passes the filters after it again (a renewed token, say).
            client.AddOutgoingGrainCallFilter<TransientRetryFilter>();
            client.AddOutgoingGrainCallFilter<Auth.TokenCallFilter>(); // the caller's token with every call
            client.Services.AddOptions<ClientMessagingOptions>().Configure<ClientConnection>((o, connection) =>
            {
                if (connection.ResponseTimeout is { } timeout)
                {
                    o.ResponseTimeout = timeout;
                }
            });
            // TLS to the gateways when the connection asks for it (decided when the client is built, like the gateways).
            client.Services.AddOptions<ClientConnectionOptions>().Configure<ClientConnection>((o, connection) =>
            {
                if (connection.Tls is { } tls)
                {
                    o.ConfigureConnection(builder => builder.UseClientTls(tls.CreateOptions()));
                }
            });
            // A restarted silo has forgotten the client's subscriptions: the job watcher hears of it here and subscribes again.
            var connectionEvents = new ClusterConnectionEvents();
            client.AddClusterConnectionStatusObserver(connectionEvents);
            client.Services.AddSingleton(connectionEvents);
            client.Services.AddOptions<ClusterOptions>().Configure<ClientConnection>((o, connection) =>
            {
                o.ClusterId = connection.Endpoint.ClusterId;
                o.ServiceId = connection.Endpoint.ServiceId;
            });
        });

        // The Orleans client starts as a hosted service: start it through the gate instead.
        for (var i = before; i < services.Count; i++)
        {
            if (services[i] is { IsKeyedService: false } added && added.ServiceType == typeof(IHostedService))
            {
                services[i] = ServiceDescriptor.Singleton<IHostedService>(provider =>
                    new GatewayConnectService(Create(provider, added), provider.GetRequiredService<IClusterClient>(), provider.GetRequiredService<ClientConnection>()));
            }
        }
    }

    private static IHostedService Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        (IHostedService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
