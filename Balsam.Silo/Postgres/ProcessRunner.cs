using System.Diagnostics;

namespace Balsam.Silo.Postgres;

/// <summary>Runs a program to completion and captures its output; optionally as another user through <c>runuser</c>.</summary>
internal static class ProcessRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, string? asUser, CancellationToken cancellationToken)
    {
        var info = asUser is null
            ? new ProcessStartInfo(program)
            : new ProcessStartInfo("runuser") { ArgumentList = { "-u", asUser, "--", program } };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public static async Task<string> RunCheckedAsync(
        string program, IEnumerable<string> arguments, string? asUser, CancellationToken cancellationToken)
    {
        var args = arguments.ToList();
        var (code, output) = await RunAsync(program, args, asUser, cancellationToken);
        return code == 0
            ? output
            : throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', args)} failed with exit code {code}:{Environment.NewLine}{output.Trim()}");
    }
}
