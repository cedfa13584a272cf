using System.Threading.Channels;
using Balsam.Launcher.Cli;
using Balsam.Launcher.Pilot.RunApp;

namespace Balsam.Launcher.Pilot.Executor;

/// <summary>
/// The warm executor (<c>balsam run-executor</c>): a long-lived process a launcher starts on first need that runs
/// <c>Run</c> app jobs one at a time, with app assemblies kept loaded between jobs (<see cref="AppTypeLoader"/>,
/// one collectible context per assembly version). Each job gets what its own <c>balsam run-app</c> process would:
/// its workdir as working directory, the launcher's environment plus its own variables, stdout and stderr in its
/// output file, its result file, its <see cref="ExitRecord"/> and its exit code (in the reply instead of a process exit).
/// One job at a time because the working directory, the environment and descriptors 1 and 2 belong to the process;
/// the launcher keeps as many executors as it runs <c>Run</c> jobs at once.
/// </summary>
internal sealed class ExecutorHost(string siteFolder)
{
    private readonly AppTypeLoader _loader = new(
        contentHash => throw new InvalidOperationException($"the app image {contentHash} is not in the site's cache (the launcher caches it first)"),
        siteFolder);

    private readonly ProcessEnvironment _environment = new();
    private readonly Channel<ExecutorRequest> _runs = Channel.CreateUnbounded<ExecutorRequest>();
    private CancellationTokenSource? _current;
    private long _currentJob;

    /// <summary>Serves requests until the launcher closes the executor's input, which ends the executor's whole process group at once.</summary>
    public async Task<int> RunAsync()
    {
        var (requests, replies) = StandardStreams.TakeProtocol();
        using var input = new StreamReader(requests);
        await using var output = new StreamWriter(replies) { AutoFlush = true };
        var reading = ReadAsync(input);
        await foreach (var run in _runs.Reader.ReadAllAsync())
        {
            var exitCode = await ExecuteAsync(run);
            await output.WriteLineAsync(ExecutorProtocol.Line(new ExecutorReply { JobId = run.JobId, ExitCode = exitCode }));
        }

        await reading;
        return ExitCodes.Success;
    }

    private async Task ReadAsync(StreamReader input)
    {
        while (await input.ReadLineAsync() is { } line)
        {
            var request = ExecutorProtocol.Parse<ExecutorRequest>(line);
            if (!request.Cancel)
            {
                await _runs.Writer.WriteAsync(request);
            }
            else if (Interlocked.Read(ref _currentJob) == request.JobId)
            {
                try
                {
                    await Volatile.Read(ref _current)!.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // The job ended meanwhile: there is nothing left to cancel.
                }
            }
        }

        // The launcher is gone (or done): nothing this executor or its jobs started may outlive it, not even a run
        // in progress, which a new launcher would otherwise start a second time.
        _runs.Writer.Complete();
        Signals.KillGroup(Environment.ProcessId);
    }

    private async Task<int> ExecuteAsync(ExecutorRequest request)
    {
        var job = request.Job ?? throw new InvalidDataException($"the run request of job {request.JobId} has no job");
        var workdir = request.Workdir!;
        using var cancel = new CancellationTokenSource();
        Volatile.Write(ref _current, cancel);
        Interlocked.Exchange(ref _currentJob, request.JobId);
        _environment.ResetTo(request.Environment);
        Directory.SetCurrentDirectory(workdir);
        int exitCode;
        using (StandardStreams.RedirectTo(request.OutputFile!))
        {
            try
            {
                exitCode = await RunAppExecution.RunAsync(job, _loader, workdir, Console.Error, () => Task.CompletedTask, cancel.Token);
            }
            catch (OperationCanceledException e)
            {
                // What an uncaught cancellation does to a run-app process: it fails, saying so.
                Console.Error.WriteLine($"{job.AppName}.Run was cancelled: {e.Message}");
                exitCode = ExitCodes.UserError;
            }
        }

        Interlocked.Exchange(ref _currentJob, 0);
        Directory.SetCurrentDirectory(siteFolder);
        WriteExitRecord(workdir, exitCode, request.Environment);
        return exitCode;
    }

    /// <summary>As the job shell does when its process ends: a launcher that dies now leaves the exit behind instead of a job to run again.</summary>
    private static void WriteExitRecord(string workdir, int exitCode, IReadOnlyDictionary<string, string> environment)
    {
        var session = environment.TryGetValue("BALSAM_SESSION_ID", out var id) && long.TryParse(id, out var parsed) ? parsed : (long?)null;
        ExitRecord.Write(workdir, new ExitRecord(exitCode, session));
    }
}
