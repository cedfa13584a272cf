using Balsam.Apps;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Transfers;

namespace Balsam.Launcher.SiteAgent.Transfers;

/// <summary>
/// Where an item's data goes (Balsam §5.3 step 5): stage-in copies the remote path to <c>workdir/local_path</c>, and a
/// non-recursive item whose local path is the workdir itself (<c>.</c>) keeps the remote name; stage-out copies
/// <c>workdir/local_path</c> to the remote path. A local path that leads out of the workdir is refused.
/// </summary>
public static class TransferPaths
{
    public static TransferFile For(TransferItemRecord item, string workdir)
    {
        var root = Path.GetFullPath(workdir);
        var local = Path.GetFullPath(Path.Combine(root, item.LocalPath));
        if (local != root && !local.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"local_path '{item.LocalPath}' leads out of the job's workdir");
        }

        if (item.Direction == TransferDirection.In)
        {
            if (local == root && !item.Recursive)
            {
                local = Path.Combine(root, Path.GetFileName(item.RemotePath.TrimEnd('/')));
            }

            return new TransferFile(item.Id, item.RemotePath, local, item.Recursive);
        }

        return new TransferFile(item.Id, local, item.RemotePath, item.Recursive);
    }
}
