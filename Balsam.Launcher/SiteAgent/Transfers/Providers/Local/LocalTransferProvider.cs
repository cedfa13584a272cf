namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Local;

/// <summary>
/// <c>local://</c> locations: the remote side is a folder this machine sees (a shared filesystem). Files are copied
/// (never linked: a job that rewrites a staged file must not change the original); a recursive item copies a folder
/// whole. Each item that fails (a missing source, a folder in a non-recursive slot) fails alone, with its path named.
/// </summary>
public sealed class LocalTransferProvider : ITransferProvider
{
    public const string Name = "local";

    private readonly InProcessTasks _tasks = new();

    public string Protocol => Name;

    public Task<string> SubmitAsync(TransferBatch batch, CancellationToken cancellationToken) =>
        Task.FromResult(_tasks.Start(() => Task.FromResult(Copy(batch))));

    public Task<TransferTaskStatus> PollAsync(string taskId, CancellationToken cancellationToken) => Task.FromResult(_tasks.Poll(taskId));

    private static TransferTaskStatus Copy(TransferBatch batch)
    {
        var failed = new Dictionary<long, string>();
        foreach (var file in batch.Files)
        {
            try
            {
                CopyOne(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed[file.ItemId] = e.Message;
            }
        }

        return new TransferTaskStatus(TransferTaskState.Done, $"{batch.Files.Count - failed.Count} of {batch.Files.Count} copied")
        {
            FailedItems = failed,
        };
    }

    private static void CopyOne(TransferFile file)
    {
        if (Directory.Exists(file.Source))
        {
            if (!file.Recursive)
            {
                throw new IOException($"'{file.Source}' is a folder, and the transfer slot is not recursive");
            }

            CopyFolder(file.Source, file.Destination);
            return;
        }

        if (!File.Exists(file.Source))
        {
            throw new FileNotFoundException($"No such file or folder: '{file.Source}'");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file.Destination)!);
        File.Copy(file.Source, file.Destination, overwrite: true);
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
