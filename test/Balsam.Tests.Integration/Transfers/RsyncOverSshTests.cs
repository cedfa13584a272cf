using System.Text.RegularExpressions;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent;
using Balsam.Tests.Integration.Cli;
using Balsam.Transfers;
using Microsoft.Extensions.Logging.Abstractions;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Transfers;

/// <summary>
/// An <c>rsync://USER@127.0.0.1:PORT</c> location served by a real sshd of the test's own (<see cref="LoopbackSshd"/>),
/// reached by a real site agent (<c>balsam site start</c>) whose settings name the ssh client config
/// (<c>transfers.ssh_config_file</c>): a job's input comes in and its result goes out through ssh.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed partial class RsyncOverSshTests
{
    private static CliTestSilo _silo = null!;
    private static BalsamClient _client = null!;
    private static BalsamCliRunner _cli = null!;
    private static LoopbackSshd _sshd = null!;
    private static string _root = null!;
    private static string _folder = null!;
    private static long _siteId;

    private static IJobServiceGrain Jobs => _client.Cluster.GetGrain<IJobServiceGrain>(0);

    [GeneratedRegex(@"(?m)^(  # Seconds between cycles\. Default 5\.\n  service_period:) 5$")]
    private static partial Regex TransferPeriod();

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _sshd = await LoopbackSshd.StartAsync();
        _silo = await CliTestSilo.StartAsync("rsync_ssh");
        _client = await _silo.ConnectAsync();
        _root = Directory.CreateTempSubdirectory("balsam-rsync-ssh-").FullName;
        _cli = new BalsamCliRunner(_silo, Path.Combine(_root, "home"));
        (await _cli.RunAsync(_root, "site", "init", "sshsite", "--platform", "linux")).Succeeded();
        _folder = Path.Combine(_root, "sshsite");
        var settingsFile = Path.Combine(_folder, "settings.yml");
        var settings = File.ReadAllText(settingsFile)
            .Replace("  transfer_locations: {}", $"  transfer_locations:\n    cluster: rsync://{LoopbackSshd.User}@127.0.0.1:{_sshd.Port}")
            .Replace("  ssh_config_file: null", $"  ssh_config_file: {_sshd.ClientConfig}");
        File.WriteAllText(settingsFile, TransferPeriod().Replace(settings, "$1 1"));
        Assert.AreEqual(_sshd.ClientConfig, SettingsLoader.LoadFromSite(_folder).Transfers!.SshConfigFile, "the test's settings.yml names the ssh config");

        _siteId = (await _client.Sites.GetAsync("sshsite")).Id;
        await _client.Apps.RegisterAsync(_siteId, new AppDefinition
        {
            Name = "Count",
            CommandTemplate = "wc -l < lines.txt > count.txt",
            Transfers = new()
            {
                ["lines"] = new TransferSlot { Required = true, Direction = TransferDirection.In, LocalPath = "lines.txt" },
                ["count"] = new TransferSlot { Required = true, Direction = TransferDirection.Out, LocalPath = "count.txt" },
            },
        });
        (await _cli.RunProcessAsync(_folder, "site", "start")).Succeeded();
        await WaitForAsync(async () => (await _client.Sites.GetAsync(_siteId)).Settings.TransferLocations.ContainsKey("cluster"), TimeSpan.FromSeconds(60));
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _cli.RunProcessAsync(_folder, "site", "stop");
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
        await _sshd.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [TestMethod]
    public async Task AJobStagesItsInputInAndItsResultOutThroughSshToTheLocationsPort()
    {
        var remote = Directory.CreateDirectory(Path.Combine(_root, "remote", "run 1")).FullName;
        await File.WriteAllTextAsync(Path.Combine(remote, "lines.txt"), "one\ntwo\nthree\n");
        var loginsBefore = Logins();
        var job = (await Jobs.CreateAsync([new JobSpec
        {
            SiteId = _siteId, AppName = "Count", Workdir = "ssh/one", Tags = new() { ["test"] = "ssh" },
            Transfers = new() { ["lines"] = $"cluster:{remote}/lines.txt", ["count"] = $"cluster:{remote}/out/count.txt" },
        }]))[0];

        await WaitForStateAsync(job.Id, Preprocessed, TimeSpan.FromSeconds(60));
        Assert.AreEqual("one\ntwo\nthree\n", await File.ReadAllTextAsync(Path.Combine(_folder, "data", "ssh", "one", "lines.txt")));
        var loginsAfterStageIn = Logins();
        Assert.IsTrue(loginsAfterStageIn > loginsBefore, $"the input came through the test's sshd:\n{_sshd.Log}");

        var launcher = new LauncherOptions
        {
            Mode = LauncherMode.Mpi, WallTime = TimeSpan.FromSeconds(20), SiteFolder = _folder, SiteId = _siteId,
            IdleTtl = TimeSpan.FromSeconds(1), KillGrace = TimeSpan.FromSeconds(2), FilterTags = new() { ["test"] = "ssh" },
        };
        var launcherSettings = SiteSettings.Default with { Launcher = SiteSettings.Default.Launcher with { DelaySec = 0.2 } };
        await new JobLauncherService(_client, launcher, launcherSettings, NullLogger.Instance).RunAsync(CancellationToken.None);

        await WaitForStateAsync(job.Id, JobFinished, TimeSpan.FromSeconds(60));
        Assert.AreEqual("3", (await File.ReadAllTextAsync(Path.Combine(remote, "out", "count.txt"))).Trim(), "the result went out over ssh");
        var items = await Jobs.TransferItemsAsync(new TransferItemQuery { JobIds = [job.Id] });
        Assert.IsTrue(items.All(i => i.State == TransferItemState.Done && i.TaskId.StartsWith("rsync:", StringComparison.Ordinal)),
            string.Join(", ", items.Select(i => $"{i.Slot}={i.State} {i.TaskId} {i.TransferInfo}")));
        Assert.IsTrue(Logins() > loginsAfterStageIn, $"the result went through the test's sshd:\n{_sshd.Log}");
    }

    /// <summary>How many times sshd let the test's key in.</summary>
    private static int Logins() => Regex.Matches(_sshd.Log, $"Accepted publickey for {Regex.Escape(LoopbackSshd.User)} from 127\\.0\\.0\\.1").Count;

    private static async Task<JobRecord> WaitForStateAsync(long id, Balsam.States.JobState state, TimeSpan limit)
    {
        JobRecord job = null!;
        await WaitForAsync(async () => (job = (await Jobs.QueryAsync(new JobQuery { Ids = [id] }))[0]).State == state, limit,
            () => $"job {id} is {job?.State}: {job?.StateData}\nsshd log:\n{_sshd.Log}");
        return job;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var log = File.Exists(AgentProcess.LogFile(_folder)) ? File.ReadAllText(AgentProcess.LogFile(_folder)) : "(no agent log)";
                Assert.Fail($"timed out waiting: {describe?.Invoke()}\nagent log:\n{log[Math.Max(0, log.Length - 4000)..]}");
            }

            await Task.Delay(200);
        }
    }
}
