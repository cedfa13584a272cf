using Balsam.Apps;
using Balsam.Launcher.Scheduling;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Rsync;

/// <summary>
/// <c>rsync://</c> locations, with the real <c>rsync</c>: <c>rsync://localhost</c> copies between local paths,
/// <c>rsync://user@host</c> (or <c>user@host:port</c>) reaches <c>user@host:path</c> over ssh (batch mode, no password prompt). Files that keep
/// their name between one source folder and one destination folder go in one run with <c>--files-from</c>; a renamed
/// file or a recursive folder gets a run of its own. Each run has an I/O time-out and an overall limit, and an item whose
/// path rsync names in its errors fails alone.
/// </summary>
public sealed class RsyncTransferProvider(ICommandRunner runner) : ITransferProvider
{
    public const string Name = "rsync";

    private static readonly string[] LocalHosts = ["", "localhost", "127.0.0.1"];

    private readonly InProcessTasks _tasks = new();

    public RsyncTransferProvider()
        : this(new ProcessCommandRunner { Timeout = TimeSpan.FromHours(6) })
    {
    }

    public string Protocol => Name;

    /// <summary>Seconds without data after which rsync gives up (<c>--timeout</c>); ssh also gets a connect time-out.</summary>
    public int IoTimeoutSec { get; init; } = 60;

    public Task<string> SubmitAsync(TransferBatch batch, CancellationToken cancellationToken) =>
        Task.FromResult(_tasks.Start(() => RunAsync(batch)));

    public Task<TransferTaskStatus> PollAsync(string taskId, CancellationToken cancellationToken) => Task.FromResult(_tasks.Poll(taskId));

    /// <summary>The rsync runs a batch takes: one per (source folder, destination folder) of same-named files, one per other item.</summary>
    public static IReadOnlyList<IReadOnlyList<TransferFile>> Runs(TransferBatch batch)
    {
        var runs = new List<IReadOnlyList<TransferFile>>();
        var sameName = batch.Files.Where(f => !f.Recursive && Path.GetFileName(f.Source) == Path.GetFileName(f.Destination)).ToList();
        runs.AddRange(sameName.GroupBy(f => (Path.GetDirectoryName(f.Source), Path.GetDirectoryName(f.Destination))).Select(g => g.ToList()));
        runs.AddRange(batch.Files.Except(sameName).Select(f => new List<TransferFile> { f }));
        return runs;
    }

    private async Task<TransferTaskStatus> RunAsync(TransferBatch batch)
    {
        var failed = new Dictionary<long, string>();
        foreach (var run in Runs(batch))
        {
            var error = await RunOneAsync(batch, run);
            if (error is null)
            {
                continue;
            }

            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var named = run.Where(f => lines.Any(l => l.Contains($"\"{f.Source}")) || lines.Any(l => l.Contains($"\"{f.Source}/"))).ToList();
            foreach (var file in named.Count > 0 ? named : run)
            {
                var mine = lines.Where(l => l.Contains($"\"{file.Source}")).ToList();
                failed[file.ItemId] = mine.Count > 0 ? string.Join("; ", mine) : error;
            }
        }

        return new TransferTaskStatus(TransferTaskState.Done, $"{batch.Files.Count - failed.Count} of {batch.Files.Count} transferred")
        {
            FailedItems = failed,
        };
    }

    /// <summary><c>user@host:2222</c> -> (<c>user@host</c>, 2222): an ssh port may follow the host.</summary>
    private static (string Host, int? Port) SplitPort(string netloc)
    {
        var colon = netloc.LastIndexOf(':');
        return colon > 0 && int.TryParse(netloc[(colon + 1)..], out var port) ? (netloc[..colon], port) : (netloc, null);
    }

    /// <summary>Runs rsync once; null when it succeeded, else its error text.</summary>
    private async Task<string?> RunOneAsync(TransferBatch batch, IReadOnlyList<TransferFile> run)
    {
        var (host, port) = SplitPort(batch.Netloc);
        var remote = !LocalHosts.Contains(host);
        string Side(string path, bool onLocation) => onLocation && remote ? $"{host}:{path}" : path;
        var sourceOnLocation = batch.Direction == TransferDirection.In;
        var arguments = new List<string> { run[0].Recursive ? "-rlptD" : "-lptD", "--mkpath", $"--timeout={IoTimeoutSec}" };
        if (remote)
        {
            // ConnectTimeout also bounds ssh's banner exchange: a host that accepts and then says nothing fails in time.
            arguments.AddRange(["-e", $"ssh -o BatchMode=yes -o ConnectTimeout={IoTimeoutSec}{(port is null ? "" : $" -p {port}")}"]);
        }

        string? list = null;
        try
        {
            if (run.Count > 1 || (run[0] is { Recursive: false } only && Path.GetFileName(only.Source) == Path.GetFileName(only.Destination)))
            {
                list = Path.GetTempFileName();
                await File.WriteAllLinesAsync(list, run.Select(f => Path.GetFileName(f.Source)));
                arguments.Add($"--files-from={list}");
                arguments.Add(Side(Path.GetDirectoryName(run[0].Source)! + "/", sourceOnLocation));
                arguments.Add(Side(Path.GetDirectoryName(run[0].Destination)! + "/", !sourceOnLocation));
            }
            else
            {
                var trailing = run[0].Recursive ? "/" : "";
                arguments.Add(Side(run[0].Source.TrimEnd('/') + trailing, sourceOnLocation));
                arguments.Add(Side(run[0].Destination.TrimEnd('/') + trailing, !sourceOnLocation));
            }

            var result = await runner.RunAsync(new CommandLine("rsync", arguments), CancellationToken.None);
            return result.Succeeded ? null : $"rsync exited with code {result.ExitCode}: {result.ErrorText}";
        }
        catch (SchedulerException e)
        {
            return e.Message;
        }
        finally
        {
            if (list is not null)
            {
                File.Delete(list);
            }
        }
    }
}
