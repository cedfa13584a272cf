using System.Diagnostics;

namespace Balsam.Tests.Integration.Infrastructure;

/// <summary>
/// One real Slurm (slurmctld + slurmd on localhost, no accounting, no sshd) for the whole test run, started on first use
/// with the shared <c>hpc-up.sh</c> in a private temp folder and stopped with <c>hpc-down.sh</c> at assembly cleanup.
/// The scripts are found through <c>BALSAM_HPC_DIR</c>, else <c>../shared/hpc</c> beside the repository root. Missing
/// scripts fail the tests that need Slurm (they are not skipped).
/// </summary>
public static class TestSlurm
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, string>>> Started = new(StartAsync);
    private static string? _hpcFolder;
    private static string? _scripts;

    /// <summary>The environment a Slurm client needs (SLURM_CONF, ...), from the stack's env.sh.</summary>
    public static Task<IReadOnlyDictionary<string, string>> EnvironmentAsync() => Started.Value;

    public static string FindScripts()
    {
        var configured = Environment.GetEnvironmentVariable("BALSAM_HPC_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "hpc-up.sh"))
                ? configured
                : throw new InvalidOperationException($"BALSAM_HPC_DIR={configured} has no hpc-up.sh");
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Balsam.sln")))
            {
                var scripts = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "hpc"));
                return File.Exists(Path.Combine(scripts, "hpc-up.sh"))
                    ? scripts
                    : throw new InvalidOperationException(
                        $"The Slurm test stack scripts are missing: expected {scripts}/hpc-up.sh (or set BALSAM_HPC_DIR to their folder).");
            }
        }

        throw new InvalidOperationException($"No Balsam.sln above {AppContext.BaseDirectory}: set BALSAM_HPC_DIR to the folder of hpc-up.sh.");
    }

    private static async Task<IReadOnlyDictionary<string, string>> StartAsync()
    {
        _scripts = FindScripts();
        _hpcFolder = Directory.CreateTempSubdirectory("balsam-test-hpc-").FullName;

        // INSTALL=1 lets hpc-up install missing packages; once they are there, INSTALL=0 skips apt entirely (and the
        // alternatives step, which fails on a machine without the MPICH headers).
        var installed = File.Exists("/usr/sbin/slurmctld") && File.Exists("/usr/sbin/slurmd") && File.Exists("/usr/sbin/munged");
        var (code, output) = await RunScriptAsync("hpc-up.sh", installed ? "0" : "1");
        if (code != 0 && !installed && File.Exists("/usr/sbin/slurmctld"))
        {
            await RunScriptAsync("hpc-down.sh", "0");
            (code, output) = await RunScriptAsync("hpc-up.sh", "0");
        }

        if (code != 0)
        {
            throw new InvalidOperationException($"hpc-up.sh failed ({code}); HPC={_hpcFolder}:\n{output}");
        }

        var environment = new Dictionary<string, string>();
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(_hpcFolder, "env.sh")))
        {
            var text = line.Trim();
            if (text.StartsWith("export ", StringComparison.Ordinal) && text.IndexOf('=') is var equals and > 7)
            {
                environment[text[7..equals]] = text[(equals + 1)..].Trim('"', '\'');
            }
        }

        return environment;
    }

    /// <summary>Stops the stack if this run started it (called from the assembly cleanup).</summary>
    public static async Task StopAsync()
    {
        if (!Started.IsValueCreated || _hpcFolder is null)
        {
            return;
        }

        try
        {
            await Started.Value;
        }
        catch (InvalidOperationException)
        {
            // A failed start may still have left daemons: hpc-down stops whatever has a pid file.
        }

        await RunScriptAsync("hpc-down.sh", "0");
        Directory.Delete(_hpcFolder, recursive: true);
    }

    private static async Task<(int Code, string Output)> RunScriptAsync(string script, string install)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(_scripts!, script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["HPC"] = _hpcFolder!;
        info.Environment["WITH_ACCOUNTING"] = "0";
        info.Environment["WITH_SSHD"] = "0";
        info.Environment["INSTALL"] = install;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
