using Balsam.Client;

namespace Balsam.Launcher.Sites;

/// <summary>The environment that lets a process started by the site (an app run, a batch job) reach the same service as the same user.</summary>
public static class ServiceEnvironment
{
    public static Dictionary<string, string> Of(BalsamClient client)
    {
        var environment = Plain(client);
        foreach (var (name, value) in client.Endpoint.Tls?.EnvironmentVariables ?? new Dictionary<string, string>())
        {
            environment[name] = value; // the child finds the gateway through BALSAM_GATEWAY, not the service file's tls entry
        }

        return environment;
    }

    private static Dictionary<string, string> Plain(BalsamClient client) => new()
    {
        [BalsamClientOptions.GatewayVariable] = client.Endpoint.GatewayList, // every gateway, so they fail over too
        [BalsamClientOptions.ClusterIdVariable] = client.Endpoint.ClusterId,
        [BalsamClientOptions.ServiceIdVariable] = client.Endpoint.ServiceId,
        [BalsamClientOptions.UserVariable] = client.UserName,
        [BalsamClientOptions.TokenVariable] = client.TokenEnvironmentValue, // @token-file, so renewals reach long-running launchers
        // Hundreds of ranks connecting at once from compute nodes can be slow to be accepted.
        [BalsamClientOptions.ConnectTimeoutVariable] = "60",
    };
}
