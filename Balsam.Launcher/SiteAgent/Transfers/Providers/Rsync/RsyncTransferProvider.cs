using Balsam.Apps;
using Balsam.Launcher.Scheduling;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Rsync;

/// <summary>
/// <c>rsync://</c> locations, with the real <c>rsync</c>: <c>rsync://localhost</c> copies between local paths,
/// <c>rsync://user@host</c> (or <c>user@host:port</c>) reaches <c>user@host:path</c> over ssh (batch mode, no password
/// prompt). Stage-in takes every file of one remote folder in one run with <c>--files-from</c> into a staging folder
/// beside the workdirs, then moves each into its job's workdir under its own name (so 100 jobs' inputs cost one run, not
/// 100); stage-out runs once per (workdir folder, remote folder) of same-named files; a recursive folder gets a run of
/// its own. Each run has an I/O time-out and an overall limit, and an item whose path rsync names in its errors fails alone.
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

    /// <summary>An ssh client config file for remote locations (<c>ssh -F</c>: keys, ports, known hosts); null: ssh's own.</summary>
    public string? SshConfigFile { get; init; }

    public Task<string> SubmitAsync(TransferBatch batch, CancellationToken cancellationToken) =>
        Task.FromResult(_tasks.Start(() => RunAsync(batch)));

    public Task<TransferTaskStatus> PollAsync(string taskId, CancellationToken cancellationToken) => Task.FromResult(_tasks.Poll(taskId));

    /// <summary>
    /// The rsync runs a batch takes: stage-in, one per remote folder (any destination names); stage-out, one per
    /// (source folder, destination folder) of files that keep their name; one per other item.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<TransferFile>> Runs(TransferBatch batch)
    {
        var runs = new List<IReadOnlyList<TransferFile>>();
        var grouped = batch.Files.Where(f => !f.Recursive
            && (batch.Direction == TransferDirection.In || Path.GetFileName(f.Source) == Path.GetFileName(f.Destination))).ToList();
        runs.AddRange(grouped
            .GroupBy(f => (Path.GetDirectoryName(f.Source), batch.Direction == TransferDirection.In ? "" : Path.GetDirectoryName(f.Destination)))
            .Select(g => g.ToList()));
        runs.AddRange(batch.Files.Except(grouped).Select(f => new List<TransferFile> { f }));
        return runs;
    }

    private async Task<TransferTaskStatus> RunAsync(TransferBatch batch)
    {
        var failed = new Dictionary<long, string>();
        foreach (var run in Runs(batch))
        {
            if (batch.Direction == TransferDirection.In && !run[0].Recursive)
            {
                await StageInAsync(batch, run, failed);
                continue;
            }

            var sameName = !run[0].Recursive;
            var error = sameName
                ? await RsyncAsync(batch, false, [.. run.Select(f => Path.GetFileName(f.Source))],
                    Path.GetDirectoryName(run[0].Source)! + "/", Path.GetDirectoryName(run[0].Destination)! + "/")
                : await RsyncAsync(batch, true, null, run[0].Source.TrimEnd('/') + "/", run[0].Destination.TrimEnd('/') + "/");
            if (error is not null)
            {
                Blame(run, error, failed);
            }
        }

        return new TransferTaskStatus(TransferTaskState.Done, $"{batch.Files.Count - failed.Count} of {batch.Files.Count} transferred")
        {
            FailedItems = failed,
        };
    }

    /// <summary>One run for every file of one remote folder, into a staging folder; then each file to its workdir.</summary>
    private async Task StageInAsync(TransferBatch batch, IReadOnlyList<TransferFile> run, Dictionary<long, string> failed)
    {
        var staging = Path.Combine(CommonFolder(run.Select(f => Path.GetDirectoryName(f.Destination)!)), $".balsam-staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var error = await RsyncAsync(batch, false, [.. run.Select(f => Path.GetFileName(f.Source)).Distinct()],
                Path.GetDirectoryName(run[0].Source)! + "/", staging + "/");
            if (error is not null)
            {
                Blame(run, error, failed);
            }

            foreach (var copies in run.Where(f => !failed.ContainsKey(f.ItemId)).GroupBy(f => Path.GetFileName(f.Source)))
            {
                var staged = Path.Combine(staging, copies.Key);
                var targets = copies.ToList();
                for (var i = 0; i < targets.Count; i++)
                {
                    if (!File.Exists(staged))
                    {
                        failed[targets[i].ItemId] = error ?? $"rsync did not deliver '{targets[i].Source}'";
                        continue;
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(targets[i].Destination)!);
                    if (i == targets.Count - 1)
                    {
                        File.Move(staged, targets[i].Destination, overwrite: true);
                    }
                    else
                    {
                        File.Copy(staged, targets[i].Destination, overwrite: true); // the same input for several jobs
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The items rsync names in its errors fail with its lines about them; if it names none, the whole run fails.</summary>
    private static void Blame(IReadOnlyList<TransferFile> run, string error, Dictionary<long, string> failed)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var named = run.Where(f => lines.Any(l => l.Contains($"\"{f.Source}"))).ToList();
        foreach (var file in named.Count > 0 ? named : run)
        {
            var mine = lines.Where(l => l.Contains($"\"{file.Source}")).ToList();
            failed[file.ItemId] = mine.Count > 0 ? string.Join("; ", mine) : error;
        }
    }

    /// <summary>The deepest folder holding all of them (the site's data folder for workdirs), so staged files move, not copy.</summary>
    private static string CommonFolder(IEnumerable<string> folders)
    {
        var parts = folders.Select(f => f.Split('/')).ToList();
        var common = parts[0].TakeWhile((part, i) => parts.All(p => p.Length > i && p[i] == part)).ToArray();
        var folder = string.Join('/', common);
        return folder.Length > 1 ? folder : parts[0].Length > 0 ? string.Join('/', parts[0]) : "/";
    }

    /// <summary><c>user@host:2222</c> -> (<c>user@host</c>, 2222): an ssh port may follow the host.</summary>
    private static (string Host, int? Port) SplitPort(string netloc)
    {
        var colon = netloc.LastIndexOf(':');
        return colon > 0 && int.TryParse(netloc[(colon + 1)..], out var port) ? (netloc[..colon], port) : (netloc, null);
    }

    /// <summary>
    /// Runs rsync once, with <paramref name="filesFrom"/> (names in <paramref name="source"/>) or a single path; the
    /// location's side gets the host prefix. Null when it succeeded, else its error text.
    /// </summary>
    private async Task<string?> RsyncAsync(TransferBatch batch, bool recursive, IReadOnlyList<string>? filesFrom, string source, string destination)
    {
        var (host, port) = SplitPort(batch.Netloc);
        var remote = !LocalHosts.Contains(host);
        string Side(string path, bool onLocation) => onLocation && remote ? $"{host}:{path}" : path;
        var sourceOnLocation = batch.Direction == TransferDirection.In;
        var arguments = new List<string> { recursive ? "-rlptD" : "-lptD", "--mkpath", $"--timeout={IoTimeoutSec}" };
        if (remote)
        {
            // ConnectTimeout also bounds ssh's banner exchange: a host that accepts and then says nothing fails in time.
            // rsync splits this command at spaces and keeps quoted words whole (the settings refuse quotes in the path).
            var config = SshConfigFile is null ? "" : $" -F '{SshConfigFile}'";
            arguments.AddRange(["-e", $"ssh{config} -o BatchMode=yes -o ConnectTimeout={IoTimeoutSec}{(port is null ? "" : $" -p {port}")}"]);
        }

        string? list = null;
        try
        {
            if (filesFrom is not null)
            {
                list = Path.GetTempFileName();
                await File.WriteAllLinesAsync(list, filesFrom);
                arguments.Add($"--files-from={list}");
            }

            arguments.Add(Side(source, sourceOnLocation));
            arguments.Add(Side(destination, !sourceOnLocation));
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
