using System.Diagnostics;
using System.Globalization;
using Balsam.Launcher.Cli;
using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Settings;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// Serial mode over several nodes (SPEC §5): one worker per node, started with the platform's MPI launcher at one rank
/// per node (launch parameters <c>launcher.serial_mode_startup_params</c>). Each worker is a serial launcher for its own
/// node (<c>balsam launcher -j serial --this-node</c>): it leases jobs from the service itself (leases never overlap)
/// and runs them as local processes, so no job start crosses the network. SIGTERM reaches every worker, which times
/// out its running jobs as a single launcher does.
/// </summary>
internal sealed class SerialWorkers(IReadOnlyList<string> hosts, LauncherSettings settings)
{
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    /// <summary>The MPI command that starts the workers (exposed for tests of its shape).</summary>
    public LaunchCommand Command(IReadOnlyList<string> workerArguments, string siteFolder) => settings.CreateMpiLauncher().Build(new LaunchRequest
    {
        Command = [.. Sites.BalsamProgram.Command, .. workerArguments],
        Hosts = hosts,
        RanksPerNode = 1,
        LaunchParams = settings.SerialModeStartupParams,
        WorkingDirectory = siteFolder,
    });

    /// <summary>Runs the workers until they all end; returns the MPI launcher's exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> workerArguments, string siteFolder, TextWriter output, CancellationToken stop)
    {
        var command = Command(workerArguments, siteFolder);
        output.WriteLine($"Serial mode on {hosts.Count} nodes: one worker per node: {command.ToShellLine()}");
        var start = command.CreateStartInfo();
        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command.Argv[0]}");
        process.StandardInput.Close();
        using var forward = stop.Register(() => Signals.Terminate(process.Id)); // mpiexec passes SIGTERM on to its ranks
        using var grace = new CancellationTokenSource();
        using var startGrace = stop.Register(() => grace.CancelAfter(StopGrace));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return 1;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Serial workers ended (exit code {process.ExitCode})"));
        return process.ExitCode;
    }

    /// <summary>This worker's rank, from the MPI or Slurm environment (0 when started directly).</summary>
    public static int Rank() =>
        new[] { "PMI_RANK", "OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PALS_RANKID", "SLURM_PROCID" }
            .Select(Environment.GetEnvironmentVariable)
            .Select(v => int.TryParse(v, CultureInfo.InvariantCulture, out var rank) ? rank : (int?)null)
            .FirstOrDefault(r => r is not null) ?? 0;
}
