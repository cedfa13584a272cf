using System.Diagnostics;
using System.Text;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Silo.Hosting;
using Balsam.Silo.Postgres;
using Balsam.Sites;
using Balsam.States;
using Balsam.Tests.Integration.Cli;
using Balsam.Tests.Integration.Hosting;

namespace Balsam.Tests.Integration.Faults;

/// <summary>
/// A real <c>balsam-silo</c> process on its own managed PostgreSQL (under its own Balsam home), that a fault test kills and
/// starts again on the same ports, plus real <c>balsam</c> processes (launchers, site agents) and an SDK client.
/// Jobs leave one execution mark per run in <c>data/marks</c> of their site, so a test counts runs, not states.
/// </summary>
internal sealed class FaultWorld : IAsyncDisposable
{
    public const string MarkCommand = "sleep 0.1; echo $BALSAM_JOB_ID >> ../../marks";

    /// <summary>
    /// A job that writes a start and an end line (its shell's pid and the time in seconds) into <c>data/runs</c>, so a test
    /// can see when each run began and ended, and which runs never ended.
    /// </summary>
    public const string TimedMarkCommand =
        "echo \"start $BALSAM_JOB_ID $$ $(date +%s.%N)\" >> ../../runs; sleep 0.6; echo \"end $BALSAM_JOB_ID $$ $(date +%s.%N)\" >> ../../runs";

    private readonly List<BalsamProcess> _processes = [];

    private FaultWorld(string root, SiloProcess silo)
    {
        Root = root;
        Silo = silo;
    }

    public string Root { get; }

    public SiloProcess Silo { get; private set; }

    public BalsamClient Client { get; private set; } = null!;

    public string Gateway => $"127.0.0.1:{Silo.GatewayPort}";

    public string PostgresData => Path.Combine(Silo.Home, "postgres");

    public IJobServiceGrain Jobs => Client.Cluster.GetGrain<IJobServiceGrain>(0);

    /// <summary>A silo with a short session expiry (so a killed process's leases come back in seconds) and a client of it.</summary>
    public static async Task<FaultWorld> StartAsync(string name, TimeSpan? sessionExpiry = null)
    {
        var root = Directory.CreateTempSubdirectory($"balsam-fault-{name}-").FullName;
        var home = Path.Combine(root, "home");
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string>
        {
            ["Balsam__Sessions__Expiry"] = (sessionExpiry ?? TimeSpan.FromSeconds(20)).ToString("c"),
            ["Balsam__Sessions__SweepPeriod"] = "00:00:02",
        };
        var silo = SiloProcess.StartOn(home, FreePort.Next(), FreePort.Next(), FreePort.Next(), environment, "--write-service-file", "false");
        var world = new FaultWorld(root, silo);
        try
        {
            await silo.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
            await world.LogInAsync();
            world.Client = await BalsamClient.ConnectAsync(world.ClientOptions());
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>Logs the operator's user in for the test's client and for the agents and launchers it starts.</summary>
    private async Task LogInAsync()
    {
        var token = await Silo.TokenForAsync("fault-user");
        foreach (var home in new[] { Path.Combine(Root, "client-home"), Path.Combine(Root, "balsam-home") })
        {
            Balsam.Client.Auth.TokenFile.Write(Balsam.Client.Auth.TokenFile.PathIn(home), token);
        }
    }

    public BalsamClientOptions ClientOptions() => new()
    {
        Gateway = Gateway,
        BalsamHome = Path.Combine(Root, "client-home"),
        ConnectTimeout = TimeSpan.FromSeconds(45),
    };

    /// <summary>A site folder with a settings.yml, registered with the service.</summary>
    public async Task<SiteInfo> SiteAsync(string name, string settingsYaml)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.WriteAllText(Path.Combine(folder, "settings.yml"), settingsYaml);
        return await Client.Sites.CreateAsync(new SiteSpec { Name = name, Path = folder });
    }

    /// <summary>Settings for a fast serial launcher: <paramref name="slots"/> jobs side by side, short polls.</summary>
    public static string LauncherSettings(int slots = 4) => $"""
        launcher:
          delay_sec: 0.2
          idle_ttl_sec: 60
          compute_node:
            cpus: {slots}
        scheduler: null
        transfers: null
        """;

    /// <summary><paramref name="count"/> mark jobs of a command app, each taking one of <paramref name="slots"/> per node.</summary>
    public async Task<IReadOnlyList<JobRecord>> MarkJobsAsync(SiteInfo site, int count, int slots = 4, string command = MarkCommand)
    {
        await Client.Apps.RegisterAsync(site.Id, new AppDefinition { Name = "Mark", CommandTemplate = command });
        return await Jobs.CreateAsync(Enumerable.Range(0, count).Select(i => new JobSpec
        {
            SiteId = site.Id, AppName = "Mark", Workdir = $"m/{i}", Resources = new JobResources { NodePackingCount = slots },
        }).ToList());
    }

    /// <summary>Starts <c>balsam</c> with the arguments as a real process in <paramref name="folder"/>.</summary>
    public BalsamProcess StartBalsam(string folder, params string[] arguments)
    {
        var process = BalsamProcess.Start(folder, Path.Combine(Root, "balsam-home"), Gateway, arguments);
        _processes.Add(process);
        return process;
    }

    /// <summary>A serial-mode launcher process on the site.</summary>
    public BalsamProcess StartLauncher(SiteInfo site, double idleSec = 60) =>
        StartBalsam(site.Path, "launcher", "-j", "serial", "-t", "10", "--site", site.Id.ToString(), "--idle-ttl-sec", $"{idleSec}");

    /// <summary>Kills the silo with SIGKILL; returns when it is gone.</summary>
    public void KillSilo() => Silo.Kill();

    /// <summary>Starts the silo again on the same ports and home (it adopts the PostgreSQL the killed one left running).</summary>
    public async Task RestartSiloAsync()
    {
        Silo = Silo.Restart();
        await Silo.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary><c>pg_ctl stop -m immediate</c> on the silo's managed PostgreSQL: a database crash.</summary>
    public async Task<int> CrashPostgresAsync()
    {
        var port = int.Parse(File.ReadAllLines(Path.Combine(PostgresData, "postmaster.pid"))[3].Trim());
        await PgCtlAsync("-D", PostgresData, "-m", "immediate", "-w", "stop");
        return port;
    }

    public async Task StartPostgresAsync(int port) =>
        await PgCtlAsync("-D", PostgresData, "-l", Path.Combine(PostgresData, "postgres.log"), "-o", $"-p {port}", "-w", "-t", "60", "start");

    private static async Task PgCtlAsync(params string[] arguments)
    {
        var runAs = Environment.IsPrivilegedProcess ? new ManagedPostgresOptions { DataDirectory = "/" }.RootRunAsUser : null;
        var (code, output) = await ProcessRunner.RunAsync(Path.Combine(PostgresBinaries.Locate(null), "pg_ctl"), arguments, runAs, CancellationToken.None);
        Assert.AreEqual(0, code, $"pg_ctl {string.Join(' ', arguments)}: {output}");
    }

    /// <summary>Waits until every job is in a done state (or the limit passes); returns the states.</summary>
    public async Task<Dictionary<long, JobRecord>> WaitForDoneAsync(IReadOnlyList<long> ids, TimeSpan limit, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Dictionary<long, JobRecord> states;
            try
            {
                states = (await Jobs.QueryAsync(new JobQuery { Ids = [.. ids] })).ToDictionary(j => j.Id);
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                continue;
            }

            if (states.Values.All(j => JobStateNames.Done.Contains(j.State)) || DateTime.UtcNow > deadline)
            {
                return states;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Waits until every job is in one of <paramref name="states"/>; false when the limit passes first.</summary>
    public async Task<bool> WaitForStatesAsync(IReadOnlyList<long> ids, TimeSpan limit, params JobState[] states)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await Jobs.CountAsync(new JobQuery { Ids = [.. ids], States = [.. states] }) == ids.Count)
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }

    /// <summary>How many times each job ran: the marks its command left in the site's <c>data/marks</c>.</summary>
    public static Dictionary<long, int> Marks(SiteInfo site)
    {
        var file = Path.Combine(site.Path, "data", "marks");
        return !File.Exists(file) ? [] : File.ReadAllLines(file).Where(l => l.Length > 0).GroupBy(long.Parse).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Each run of a <see cref="TimedMarkCommand"/> job: its job, when it started, and when it ended (null: it never did).</summary>
    public static List<TimedRun> Runs(SiteInfo site)
    {
        var file = Path.Combine(site.Path, "data", "runs");
        var runs = new Dictionary<(long Job, int Pid), TimedRun>();
        foreach (var line in File.Exists(file) ? File.ReadAllLines(file) : [])
        {
            var parts = line.Split(' ');
            if (parts.Length != 4)
            {
                continue;
            }

            var key = (long.Parse(parts[1]), int.Parse(parts[2]));
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) * 1000));
            runs[key] = parts[0] == "start" ? new TimedRun(key.Item1, at, runs.GetValueOrDefault(key)?.End)
                : (runs.GetValueOrDefault(key) ?? new TimedRun(key.Item1, DateTimeOffset.MinValue, null)) with { End = at };
        }

        return [.. runs.Values];
    }

    /// <summary>Counts marks, asserts every job finished exactly once, and writes the FAULT line.</summary>
    public static string Verdict(
        string scenario, TimeSpan outage, IReadOnlyList<long> ids, Dictionary<long, JobRecord> states, Dictionary<long, int> marks, TimeSpan elapsed)
    {
        var finished = ids.Count(id => states.TryGetValue(id, out var j) && j.State == JobState.JobFinished);
        var lost = ids.Count(id => marks.GetValueOrDefault(id) == 0);
        var doubles = ids.Count(id => marks.GetValueOrDefault(id) > 1);
        var line = $"FAULT {scenario}: outage {outage.TotalSeconds:F1} s, jobs {ids.Count}, finished {finished}, lost {lost}, " +
            $"double runs {doubles}, elapsed {elapsed.TotalSeconds:F0} s";
        Console.WriteLine(line);
        return line;
    }

    public static string Summary(Dictionary<long, JobRecord> states) =>
        string.Join(", ", states.Values.GroupBy(j => j.State).Select(g => $"{g.Key}={g.Count()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        if (Client is not null)
        {
            try
            {
                await Client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
            }
        }

        if (!Silo.HasExited)
        {
            await Silo.TerminateAsync(TimeSpan.FromSeconds(30));
        }

        await Silo.DisposeAsync();
        await HostingFixtures.StopLeftoverPostgresAsync(PostgresData);
        HostingFixtures.DeleteFolder(Root);
    }
}

/// <summary>A <c>balsam</c> command running as a real process, with its output kept; killed on dispose.</summary>
internal sealed class BalsamProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private BalsamProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static BalsamProcess Start(string folder, string balsamHome, string gateway, string[] arguments)
    {
        var info = new ProcessStartInfo(BalsamCliRunner.DotnetHost())
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(BalsamCliRunner.FindLauncherAssembly());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("BALSAM_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["BALSAM_HOME"] = balsamHome;
        info.Environment[BalsamClientOptions.GatewayVariable] = gateway;
        info.Environment[BalsamClientOptions.ConnectTimeoutVariable] = "45";
        var process = new Process { StartInfo = info };
        var started = new BalsamProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>SIGKILL, as a crash or the out-of-memory killer would; its children (running jobs) are left as they are.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: a graceful stop.</summary>
    public void Terminate() => HostingFixtures.Terminate(_process.Id);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"balsam did not exit within {timeout.TotalSeconds} s:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Append($"[{_clock.Elapsed.TotalSeconds,6:F2}] ").AppendLine(line);
            }
        }
    }
}
