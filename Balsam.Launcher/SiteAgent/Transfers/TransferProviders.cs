using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Local;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Rsync;

namespace Balsam.Launcher.SiteAgent.Transfers;

/// <summary>The providers a site's settings allow, by protocol: local and rsync always, Globus with <c>globus_endpoint_id</c>.</summary>
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
                runner ?? new ProcessCommandRunner(), endpoint, siteFolder, settings.GlobusEndpointSitePath);
        }

        return providers;
    }
}
