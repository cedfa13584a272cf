using System.Diagnostics;
using System.Globalization;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Launcher.Sites;

namespace Balsam.Launcher.SiteAgent.Hooks;

/// <summary>One hook run as <c>balsam run-hook</c> in a child process (when <c>processing.num_workers</c> &gt; 1).</summary>
internal static class HookProcess
{
    /// <summary>The exit code reported for a hook stopped at its time limit.</summary>
    public const int TimedOut = -2;

    /// <summary>
    /// Runs the hook and returns the exit code and the end of what the process wrote to stderr; a hook that runs past
    /// <paramref name="timeout"/> is killed (with its children) and reported with <see cref="TimedOut"/> as its code.
    /// </summary>
    public static async Task<(int ExitCode, string ErrorTail)> RunAsync(
        BalsamClient client, IReadOnlyList<string> balsamCommand, long jobId, AppHooks hook, string siteFolder, TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(balsamCommand[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = siteFolder,
        };
        foreach (var argument in balsamCommand.Skip(1).Concat(
                     ["run-hook", "--job-id", jobId.ToString(CultureInfo.InvariantCulture), "--hook", hook.ToString(), "--site-folder", siteFolder]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in ServiceEnvironment.Of(client))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start balsam run-hook");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } most)
        {
            limit.CancelAfter(most);
        }

        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return (TimedOut, $"stopped after {timeout!.Value.TotalSeconds:0} s (processing.hook_timeout_sec)");
        }

        // A hook that left a background child holding its output must not hold the service: wait briefly, then go on.
        try
        {
            await Task.WhenAll(output, errors).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            return (process.ExitCode, "(its output stayed open after it ended: a child it left behind was stopped)");
        }

        var tail = string.Join('\n', (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(10));
        return (process.ExitCode, tail);
    }
}
