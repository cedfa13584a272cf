using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Balsam.Apps;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Local;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Rsync;

namespace Balsam.Tests.Integration.Transfers;

/// <summary>The local and rsync providers on real files with the real rsync and ssh: a location that hangs, and throughput.</summary>
[TestClass]
[DoNotParallelize]
public sealed class TransferProviderTests
{
    [TestMethod]
    public async Task ALocationThatAcceptsButNeverAnswersFailsItsItemsInTimeInsteadOfHanging()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await listener.AcceptTcpClientAsync(stop.Token)); // accepted, then silence: no ssh banner
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var root = Directory.CreateTempSubdirectory("balsam-stuck-").FullName;
        try
        {
            var source = Path.Combine(root, "out.txt");
            File.WriteAllText(source, "result");
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var provider = new RsyncTransferProvider { IoTimeoutSec = 2 };
            var batch = new TransferBatch("stuck", $"nobody@127.0.0.1:{port}", TransferDirection.Out, [new TransferFile(7, source, "/results/out.txt", false)]);

            var watch = Stopwatch.StartNew();
            var status = await SettleAsync(provider, await provider.SubmitAsync(batch, CancellationToken.None), TimeSpan.FromSeconds(60));

            Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(30), $"gave up after {watch.Elapsed.TotalSeconds:0.0} s");
            Assert.IsTrue(status.FailedItems.TryGetValue(7, out var message), $"{status.State}: {status.Message}");
            StringAssert.Contains(message, "timed out", message);
            Assert.IsTrue(held.Count >= 1, "rsync reached the silent location");
        }
        finally
        {
            await stop.CancelAsync();
            await accepting;
            held.ForEach(c => c.Dispose());
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public async Task TheProvidersCopyEveryByteAtAboutTheSpeedOfCpAndBareRsync()
    {
        const int files = 100;
        const int size = 1 << 20;
        var root = Directory.CreateTempSubdirectory("balsam-throughput-").FullName;
        try
        {
            var source = Directory.CreateDirectory(Path.Combine(root, "src")).FullName;
            var bytes = new byte[size];
            for (var i = 0; i < files; i++)
            {
                Random.Shared.NextBytes(bytes);
                await File.WriteAllBytesAsync(Path.Combine(source, $"f{i}.bin"), bytes);
            }

            TransferBatch Batch(string destination) => new("here", "localhost", TransferDirection.In,
                [.. Enumerable.Range(0, files).Select(i => new TransferFile(i, Path.Combine(source, $"f{i}.bin"), Path.Combine(destination, $"f{i}.bin"), false))]);

            var results = new List<string>();
            async Task Measure(string name, string destination, Func<Task> copy)
            {
                Directory.CreateDirectory(destination);
                var watch = Stopwatch.StartNew();
                await copy();
                var seconds = watch.Elapsed.TotalSeconds;
                for (var i = 0; i < files; i++)
                {
                    CollectionAssert.AreEqual(await File.ReadAllBytesAsync(Path.Combine(source, $"f{i}.bin")),
                        await File.ReadAllBytesAsync(Path.Combine(destination, $"f{i}.bin")), $"{name}: f{i}.bin");
                }

                results.Add($"{name,-16} {files / seconds,8:0} files/s {files * (double)size / (1 << 20) / seconds,8:0} MB/s");
            }

            await Measure("cp", Path.Combine(root, "cp"), () => Run("sh", "-c", $"cp {source}/*.bin {root}/cp/"));
            await Measure("local provider", Path.Combine(root, "local"), async () =>
            {
                var provider = new LocalTransferProvider();
                Assert.AreEqual(0, (await SettleAsync(provider, await provider.SubmitAsync(Batch(Path.Combine(root, "local")), CancellationToken.None), TimeSpan.FromMinutes(2))).FailedItems.Count);
            });
            await Measure("bare rsync", Path.Combine(root, "rsync"), () => Run("rsync", "-a", source + "/", Path.Combine(root, "rsync") + "/"));
            await Measure("rsync provider", Path.Combine(root, "rsyncp"), async () =>
            {
                var provider = new RsyncTransferProvider();
                Assert.AreEqual(0, (await SettleAsync(provider, await provider.SubmitAsync(Batch(Path.Combine(root, "rsyncp")), CancellationToken.None), TimeSpan.FromMinutes(2))).FailedItems.Count);
            });
            Console.WriteLine($"{files} files of 1 MB:\n" + string.Join("\n", results));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public async Task TheLocalProviderHardLinksFilesOnOneFilesystemWhenAllowedAndCopiesAcrossFilesystemsAndFolders()
    {
        var root = Directory.CreateTempSubdirectory("balsam-links-").FullName;
        var otherFilesystem = Directory.CreateTempSubdirectory("balsam-links-").FullName; // under /tmp
        var shm = Path.Combine("/dev/shm", $"balsam-links-{Guid.NewGuid():N}"); // tmpfs: another filesystem
        Assert.AreNotEqual(await StatAsync("%d", "/dev/shm"), await StatAsync("%d", otherFilesystem), "/dev/shm is a filesystem of its own");
        try
        {
            var source = Path.Combine(root, "in.dat");
            await File.WriteAllTextAsync(source, "input deck");
            Directory.CreateDirectory(Path.Combine(root, "folder"));
            await File.WriteAllTextAsync(Path.Combine(root, "folder", "a.txt"), "a");
            var sameDisk = Path.Combine(otherFilesystem, "job", "in.dat");
            var acrossDisks = Path.Combine(shm, "job", "in.dat");
            var folderCopy = Path.Combine(otherFilesystem, "job", "folder");
            var unlinked = Path.Combine(otherFilesystem, "plain", "in.dat");
            var batch = new TransferBatch("here", "/", TransferDirection.In,
                [new TransferFile(1, source, sameDisk, false), new TransferFile(2, source, acrossDisks, false), new TransferFile(3, Path.Combine(root, "folder"), folderCopy, true)]);

            var linking = new LocalTransferProvider { HardLinks = true };
            var status = await SettleAsync(linking, await linking.SubmitAsync(batch, CancellationToken.None), TimeSpan.FromMinutes(1));
            Assert.IsEmpty(status.FailedItems, status.Message);
            StringAssert.Contains(status.Message, "3 of 3 moved (1 hard-linked, 2 copied)");
            Assert.AreEqual(await StatAsync("%i", source), await StatAsync("%i", sameDisk), "same filesystem: one inode, two names");
            Assert.AreEqual("2", await StatAsync("%h", source));
            Assert.AreNotEqual(await StatAsync("%i", source), await StatAsync("%i", acrossDisks), "across filesystems: a copy");
            Assert.AreEqual("input deck", await File.ReadAllTextAsync(acrossDisks));
            Assert.AreEqual("a", await File.ReadAllTextAsync(Path.Combine(folderCopy, "a.txt")), "a recursive slot copies its folder");

            var again = await SettleAsync(linking, await linking.SubmitAsync(batch with { Files = [batch.Files[0]] }, CancellationToken.None), TimeSpan.FromMinutes(1));
            Assert.IsEmpty(again.FailedItems, "a retried item replaces its earlier link: " + again.Message);

            var copying = new LocalTransferProvider();
            var copied = await SettleAsync(copying, await copying.SubmitAsync(batch with { Files = [new TransferFile(4, source, unlinked, false)] }, CancellationToken.None), TimeSpan.FromMinutes(1));
            Assert.IsEmpty(copied.FailedItems, copied.Message);
            Assert.AreNotEqual(await StatAsync("%i", source), await StatAsync("%i", unlinked), "without local_hard_links every file is copied");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            Directory.Delete(otherFilesystem, recursive: true);
            if (Directory.Exists(shm))
            {
                Directory.Delete(shm, recursive: true);
            }
        }
    }

    private static async Task<string> StatAsync(string format, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode, $"stat {path}");
        return output.Trim();
    }

    private static async Task<TransferTaskStatus> SettleAsync(ITransferProvider provider, string taskId, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var status = await provider.PollAsync(taskId, CancellationToken.None);
            if (status.State is not (TransferTaskState.Active or TransferTaskState.Inactive))
            {
                return status;
            }

            Assert.IsTrue(DateTime.UtcNow < deadline, $"task {taskId} still {status.State} after {limit}");
            await Task.Delay(20);
        }
    }

    private static async Task Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode, await errors);
    }
}
