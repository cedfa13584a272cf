using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Local;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Rsync;

namespace Balsam.Launcher.SiteAgent.Transfers;

/// <summary>
/// The providers a site's settings allow, by protocol: local and rsync always, Globus (over the Transfer API) with
/// <c>globus_endpoint_id</c>.
/// </summary>
public static class TransferProviders
{
    public static IReadOnlyDictionary<string, ITransferProvider> For(TransferSettings settings, string siteFolder, ICommandRunner? runner = null)
    {
        var providers = new Dictionary<string, ITransferProvider>
        {
            [LocalTransferProvider.Name] = new LocalTransferProvider { HardLinks = settings.LocalHardLinks },
            [RsyncTransferProvider.Name] = runner is null
                ? new RsyncTransferProvider { SshConfigFile = settings.SshConfigFile }
                : new RsyncTransferProvider(runner) { SshConfigFile = settings.SshConfigFile },
        };
        if (settings.GlobusEndpointId is { } endpoint)
        {
            providers[GlobusTransferProvider.Name] = new GlobusTransferProvider(
                GlobusApi(settings), endpoint, siteFolder, settings.GlobusEndpointSitePath);
        }

        return providers;
    }

    /// <summary>The Transfer API client of <c>transfers.globus_*</c>: its URL, its token, and its time-out on every call.</summary>
    public static GlobusTransferClient GlobusApi(TransferSettings settings)
    {
        var timeout = TimeSpan.FromSeconds(settings.GlobusTimeoutSec);
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // the client's own time-out covers each call, retries included
        };
        return new GlobusTransferClient(http, new Uri(settings.GlobusTransferUrl), GlobusTokenSource.ForUser(settings.GlobusAccessToken), timeout);
    }
}
