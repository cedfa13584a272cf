using System.Diagnostics;
using System.Globalization;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Launcher.Sites;

namespace Balsam.Launcher.SiteAgent;

/// <summary>One hook run as <c>balsam run-hook</c> in a child process (when <c>processing.num_workers</c> &gt; 1).</summary>
internal static class HookProcess
{
    /// <summary>Runs the hook and returns the exit code and the end of what the process wrote to stderr.</summary>
    public static async Task<(int ExitCode, string ErrorTail)> RunAsync(
        BalsamClient client, IReadOnlyList<string> balsamCommand, long jobId, AppHooks hook, string siteFolder, CancellationToken cancellationToken)
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
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await output;
        var tail = string.Join('\n', (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(10));
        return (process.ExitCode, tail);
    }
}
