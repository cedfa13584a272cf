namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Local;

/// <summary>
/// <c>local://</c> locations: the remote side is a folder this machine sees (a shared filesystem). Files are copied, or
/// hard-linked when <see cref="HardLinks"/> allows it and both sides are on one filesystem (a link across filesystems
/// is refused by the kernel, and the file is copied instead); a recursive item copies a folder whole. Each item that
/// fails (a missing source, a folder in a non-recursive slot) fails alone, with its path named.
/// </summary>
public sealed class LocalTransferProvider : ITransferProvider
{
    public const string Name = "local";

    private readonly InProcessTasks _tasks = new();

    public string Protocol => Name;

    /// <summary>Link single files instead of copying them where the filesystem allows (<c>transfers.local_hard_links</c>).</summary>
    public bool HardLinks { get; init; }

    public Task<string> SubmitAsync(TransferBatch batch, CancellationToken cancellationToken) =>
        Task.FromResult(_tasks.Start(() => Task.FromResult(Copy(batch, HardLinks))));

    public Task<TransferTaskStatus> PollAsync(string taskId, CancellationToken cancellationToken) => Task.FromResult(_tasks.Poll(taskId));

    private static TransferTaskStatus Copy(TransferBatch batch, bool hardLinks)
    {
        var failed = new Dictionary<long, string>();
        var linked = 0;
        foreach (var file in batch.Files)
        {
            try
            {
                if (CopyOne(file, hardLinks))
                {
                    linked++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed[file.ItemId] = e.Message;
            }
        }

        var moved = batch.Files.Count - failed.Count;
        return new TransferTaskStatus(TransferTaskState.Done,
            $"{moved} of {batch.Files.Count} moved" + (hardLinks ? $" ({linked} hard-linked, {moved - linked} copied)" : " (copied)"))
        {
            FailedItems = failed,
        };
    }

    /// <summary>Moves one item; true when it was hard-linked rather than copied.</summary>
    private static bool CopyOne(TransferFile file, bool hardLinks)
    {
        if (Directory.Exists(file.Source))
        {
            if (!file.Recursive)
            {
                throw new IOException($"'{file.Source}' is a folder, and the transfer slot is not recursive");
            }

            CopyFolder(file.Source, file.Destination);
            return false;
        }

        if (!File.Exists(file.Source))
        {
            throw new FileNotFoundException($"No such file or folder: '{file.Source}'");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file.Destination)!);
        if (hardLinks && !file.Recursive && HardLink.TryCreate(file.Source, file.Destination))
        {
            return true;
        }

        File.Copy(file.Source, file.Destination, overwrite: true);
        return false;
    }

    private static void CopyFolder(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, entry.FullName));
            if (entry is DirectoryInfo)
            {
                Directory.CreateDirectory(target);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(entry.FullName, target, overwrite: true);
            }
        }
    }
}
