using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot.Executor;
using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Pilot.Nodes;
using Balsam.Launcher.Pilot.RunApp;
using Balsam.Launcher.Pilot.Shell;
using Balsam.Launcher.Settings;
using Balsam.Launcher.Sites;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// Starts one placed job: its command (the rendered command template, or <c>balsam run-app</c> for a <c>Run</c> app,
/// whose job is left in the workdir first), its environment and its launch through MPI or as a local process. A
/// single-rank <c>Run</c> app job on this node runs on a warm executor instead (<see cref="ExecutorPool"/>), unless its
/// app has its own runner executable or a shell preamble (which only a job shell can honour).
/// </summary>
internal sealed class JobStarter(BalsamClient client, LauncherOptions options, SiteSettings settings, IMpiLauncher mpi, ILogger logger)
    : IAsyncDisposable
{
    private readonly AppCatalogue _apps = new(client, options.SiteId);
    private readonly IMpiLauncher _local = settings.Launcher.CreateLocalLauncher();
    private Dictionary<string, string>? _service; // read at the first start, once the client is connected: it does not change
    private AppTypeLoader? _appTypes;
    private ExecutorPool? _executors;

    /// <summary>Before the jobs of a lease start: their apps' definitions are the newest the site holds.</summary>
    public Task RefreshAppsIfChangedAsync() => _apps.RefreshIfChangedAsync();

    public async Task<RunningJob> StartAsync(JobRecord job, NodePlacement placement, long sessionId)
    {
        var app = await _apps.FindAsync(job.AppName) ?? throw new InvalidOperationException($"app '{job.AppName}' is not registered at this site");
        var definition = app.Definition;
        if (Sites.UploadedCodePolicy.Refusal(settings.Apps, definition) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        if (definition.IsPythonApp)
        {
            throw new InvalidOperationException(
                $"App '{definition.Name}' was registered by Balsam's Python client: its jobs run under Balsam's Python launcher, not this one");
        }

        JobShell.LogFallbackOnce(logger);
        var workdir = SiteLayout.Workdir(options.SiteFolder, job.Workdir);
        Directory.CreateDirectory(workdir);
        // Single-rank jobs on this node start as local processes (serial mode's fast path, and mpi mode's too);
        // anything else, including a serial job placed on another node of the allocation, goes through MPI.
        var useMpi = job.Resources.NumNodes > 1 || job.Resources.RanksPerNode > 1 || !IsLocal(placement);
        var environment = WithService(JobEnvironment.Build(definition.EnvironmentVariables, job.Id, job.Resources.ThreadsPerRank,
            placement.GpuIds, settings.Launcher.ComputeNode.VisibleDevicesVariable), sessionId);
        var output = Path.Combine(workdir, "job.out");
        if (!useMpi && RunsOnExecutor(definition))
        {
            return await StartOnExecutorAsync(job, app, placement, workdir, output, environment);
        }

        var launcher = useMpi ? mpi : _local;
        IReadOnlyList<string> program;
        if (definition.CommandTemplate is { } template)
        {
            var line = CommandTemplateRenderer.Render(template, definition.Parameters, job.Parameters);
            var argv = launcher.Name == MpiLaunchers.Local ? SimpleCommand.TryParse(line) : SimpleCommand.TryParseForRanks(line);
            program = argv ?? [JobShell.Path, "-c", line];
        }
        else
        {
            RunAppJobFile.Write(workdir, RunAppJob.From(job, app));
            program = [.. RunnerCommand(definition), "run-app", "--job-id", job.Id.ToString(), "--site-folder", options.SiteFolder];
        }

        var request = new LaunchRequest
        {
            Command = program,
            Hosts = placement.Hosts,
            RanksPerNode = job.Resources.RanksPerNode,
            ThreadsPerRank = job.Resources.ThreadsPerRank,
            ThreadsPerCore = job.Resources.ThreadsPerCore,
            GpusPerRank = job.Resources.GpusPerRank,
            CpuIds = placement.CpuIds,
            GpuIds = placement.GpuIds,
            Environment = environment,
            LaunchParams = job.Resources.LaunchParams,
            WorkingDirectory = workdir,
        };
        var command = launcher.Build(request);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Job {JobId} starts on {Hosts}: {Command}", job.Id, string.Join(',', placement.Hosts), command.ToShellLine());
        }

        return new RunningJob(job, new ProcessRun(ProcessGroups.Start(command, output, await PreambleAsync(app, job))), placement, output);
    }

    public async ValueTask DisposeAsync()
    {
        if (_executors is not null)
        {
            await _executors.DisposeAsync();
        }
    }

    private static bool RunsOnExecutor(AppDefinition definition) =>
        definition is { CommandTemplate: null, RunnerExecutable: null, Assembly: not null } &&
        !definition.OverriddenHooks.HasFlag(AppHooks.ShellPreamble);

    private async Task<RunningJob> StartOnExecutorAsync(JobRecord job, AppInfo app, NodePlacement placement, string workdir, string output,
        Dictionary<string, string> environment)
    {
        // The executor reads app images from the site's cache only: the launcher, which holds a connection, fills it.
        _appTypes ??= new AppTypeLoader(client, options.SiteFolder);
        await _appTypes.CachedImageAsync(app.Definition.Assembly!.ContentHash);
        _executors ??= new ExecutorPool(options.RunnerCommand ?? BalsamProgram.Command, options.SiteFolder, logger);
        logger.LogInformation("Job {JobId} starts on a Run app executor", job.Id);
        var run = _executors.Run(new ExecutorRequest
        {
            JobId = job.Id,
            Job = RunAppJob.From(job, app),
            Workdir = Path.GetFullPath(workdir),
            OutputFile = Path.GetFullPath(output),
            // As the job shell exports it to the process path's runner.
            Environment = new Dictionary<string, string>(environment) { ["BALSAM_JOB_OUTPUT"] = Path.GetFullPath(output) },
        });
        return new RunningJob(job, run, placement, output);
    }

    /// <summary>The app's <c>ShellPreamble</c> lines for this job, when its class overrides the hook.</summary>
    private async Task<IReadOnlyList<string>> PreambleAsync(AppInfo app, JobRecord job)
    {
        if (!app.Definition.OverriddenHooks.HasFlag(AppHooks.ShellPreamble))
        {
            return [];
        }

        _appTypes ??= new AppTypeLoader(client, options.SiteFolder);
        var instance = await _appTypes.CreateAsync(app);
        instance.Job = new Balsam.Client.Jobs.Job(client, job);
        return instance.ShellPreamble();
    }

    /// <summary>The runner finds the service and the user the launcher uses (for an app assembly not cached yet).</summary>
    private Dictionary<string, string> WithService(IReadOnlyDictionary<string, string> environment, long sessionId)
    {
        var all = new Dictionary<string, string>(environment) { ["BALSAM_SESSION_ID"] = sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (name, value) in _service ??= ServiceEnvironment.Of(client))
        {
            all[name] = value;
        }

        return all;
    }

    private IReadOnlyList<string> RunnerCommand(AppDefinition definition)
    {
        if (definition.RunnerExecutable is { } runner)
        {
            return [runner];
        }

        if (options.RunnerCommand is { } configured)
        {
            return configured;
        }

        return BalsamProgram.Command;
    }

    private static bool IsLocal(NodePlacement placement) =>
        placement.Hosts is [var host] && (host == Environment.MachineName || host == "localhost");
}
