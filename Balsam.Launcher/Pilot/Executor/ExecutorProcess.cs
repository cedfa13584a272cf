using System.Diagnostics;
using Balsam.Launcher.Cli;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Pilot.Executor;

/// <summary>
/// The launcher's end of one warm executor (<see cref="ExecutorHost"/>): started under <c>setsid</c> so that killing
/// it reaches whatever its jobs started; runs one job at a time. When the executor dies with a job on it (the app
/// called <c>Environment.Exit</c>, crashed a thread, overflowed its stack, or was killed), that job ends with the
/// executor's exit code, as its own process would have, and a line in its output that says what happened.
/// </summary>
internal sealed class ExecutorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Task _reading;
    private Pending? _pending;

    private ExecutorProcess(Process process, ILogger logger)
    {
        _process = process;
        _logger = logger;
        _reading = Task.Run(ReadRepliesAsync);
    }

    public int Pid => _process.Id;

    /// <summary>Whether the executor has ended (by itself, or killed).</summary>
    public bool HasEnded => _reading.IsCompleted;

    public static ExecutorProcess Start(IReadOnlyList<string> runner, string siteFolder, ILogger logger)
    {
        siteFolder = Path.GetFullPath(siteFolder);
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = siteFolder,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in (string[])[.. runner, "run-executor", "--site-folder", siteFolder])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the executor {runner[0]}");
        logger.LogInformation("Started a Run app executor, pid {Pid}", process.Id);
        return new ExecutorProcess(process, logger);
    }

    /// <summary>Sends <paramref name="request"/>; completes with the run's exit code.</summary>
    public Task<int> RunAsync(ExecutorRequest request)
    {
        var pending = new Pending(request.JobId, request.OutputFile!, request.Workdir!,
            request.Environment.TryGetValue("BALSAM_SESSION_ID", out var session) && long.TryParse(session, out var id) ? id : null);
        lock (_gate)
        {
            if (_pending is not null || HasEnded)
            {
                throw new InvalidOperationException($"executor {Pid} cannot take job {request.JobId}: it is busy or has ended");
            }

            _pending = pending;
        }

        Send(ExecutorProtocol.Line(request));
        return pending.Exit.Task;
    }

    /// <summary>Cancels the token of job <paramref name="jobId"/>'s <c>Run</c>.</summary>
    public void Cancel(long jobId) => Send(ExecutorProtocol.Line(new ExecutorRequest { JobId = jobId, Cancel = true }));

    /// <summary>SIGKILL to the executor's process group; its job, if any, ends as a killed process's does.</summary>
    public async Task KillAsync()
    {
        if (!HasEnded)
        {
            Signals.KillGroup(_process.Id);
        }

        await _reading;
    }

    /// <summary>Closes the executor's input (it ends, with everything it started) and kills it if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        if (await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(5))) != _reading)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Send(string line)
    {
        try
        {
            lock (_gate)
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
            }
        }
        catch (IOException)
        {
            // The executor has died; the reader completes its job with the exit code.
        }
    }

    private async Task ReadRepliesAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                var reply = ExecutorProtocol.Parse<ExecutorReply>(line);
                Pending? done;
                lock (_gate)
                {
                    done = _pending?.JobId == reply.JobId ? _pending : null;
                    _pending = null;
                }

                done?.Exit.TrySetResult(reply.ExitCode);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            _logger.LogWarning("Executor {Pid}: its replies could not be read ({Error}); it is stopped", _process.Id, e.Message);
            Signals.KillGroup(_process.Id);
        }

        await _process.WaitForExitAsync();
        Pending? lost;
        lock (_gate)
        {
            lost = _pending;
            _pending = null;
        }

        if (lost is not null)
        {
            lost.Exit.TrySetResult(DiedWith(lost));
        }
    }

    /// <summary>The exit code the job reports: the executor's (non-zero even when the app called <c>Environment.Exit(0)</c>, since its run never returned).</summary>
    private int DiedWith(Pending job)
    {
        var code = _process.ExitCode;
        var message = $"balsam: the executor (pid {_process.Id}) running this job ended with exit code {code} before Run returned";
        _logger.LogWarning("Job {JobId}: {Message}", job.JobId, message);
        try
        {
            File.AppendAllText(job.OutputFile, message + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        code = code == 0 ? ExitCodes.UserError : code;
        try
        {
            // As the job shell records a process that died: the report, not a second run, follows a launcher restart.
            ExitRecord.Write(job.Workdir, new ExitRecord(code, job.SessionId));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return code;
    }

    private sealed record Pending(long JobId, string OutputFile, string Workdir, long? SessionId)
    {
        public TaskCompletionSource<int> Exit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
