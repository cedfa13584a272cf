using System.Diagnostics;

namespace Balsam.Launcher.Scheduling;

/// <summary>Runs scheduler commands as real processes, with a time limit so a hung scheduler never hangs the agent.</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public async Task<CommandResult> RunAsync(CommandLine command, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = command.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new SchedulerException($"{command.Program} could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SchedulerException($"{command.Program} could not be started: {e.Message} (is the scheduler installed and on PATH?)", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new SchedulerTimeoutException($"{command} did not finish within {Timeout.TotalSeconds:0} s");
            }

            return new CommandResult(process.ExitCode, await stdout, await stderr);
        }
    }
}
