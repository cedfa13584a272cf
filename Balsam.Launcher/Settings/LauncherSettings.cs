using Balsam.Launcher.Pilot.Mpi;
using Balsam.Sessions;

namespace Balsam.Launcher.Settings;

/// <summary><c>launcher</c>: how the launcher inside a batch job acquires and starts jobs (SPEC §5, §9).</summary>
public sealed record LauncherSettings
{
    /// <summary>Seconds with nothing running and nothing acquired before the launcher exits.</summary>
    public int IdleTtlSec { get; init; } = 60;

    /// <summary>
    /// Seconds the launcher (and the site agent) ride out an unreachable service (a silo restart, the database down):
    /// running jobs go on, reports are kept and sent when it is back. Longer than this, the launcher gives up.
    /// </summary>
    public int ServiceOutageToleranceSec { get; init; } = 600;

    /// <summary>Seconds between the launcher's checks for finished runs and new work (it also wakes on a push).</summary>
    public double DelaySec { get; init; } = 1;

    /// <summary>
    /// Milliseconds a RUNNING report waits for the run's end before it is sent alone: a short job's start and end then
    /// reach the service as one report and one write. The event keeps the time the run started; 0 sends it at once.
    /// </summary>
    public int RunningReportHoldMs { get; init; } = 100;

    /// <summary>
    /// Milliseconds between two report batches while reports keep coming: a report after a quiet spell goes at once,
    /// the ones that follow within the window share the next batch (one call, one store commit). 0 sends every batch at once.
    /// </summary>
    public int ReportBatchMs { get; init; } = 20;

    /// <summary>Lines of job.out kept in a RUN_ERROR event.</summary>
    public int ErrorTailNumLines { get; init; } = 10;

    /// <summary>Runs one mpi-mode launcher keeps going at once.</summary>
    public int MaxConcurrentMpiruns { get; init; } = 990;

    public ComputeNodeSettings ComputeNode { get; init; } = new();

    /// <summary>The launcher program in mpi mode: one of <see cref="MpiLaunchers.Names"/>.</summary>
    public string MpiAppLauncher { get; init; } = MpiLaunchers.Mpich;

    /// <summary>The launcher of serial-mode workers' jobs (normally <c>local</c>).</summary>
    public string LocalAppLauncher { get; init; } = MpiLaunchers.Local;

    /// <summary>The MPI launcher's program (e.g. <c>mpiexec.mpich</c>); null: the usual one for <see cref="MpiAppLauncher"/>.</summary>
    public string? MpiExecutable { get; init; }

    /// <summary>Whether several mpi-mode runs may share a node (jobs with node_packing_count &gt; 1).</summary>
    public bool MpirunAllowsNodePacking { get; init; } = true;

    /// <summary>Jobs each serial-mode worker keeps ready.</summary>
    public int SerialModePrefetchPerRank { get; init; } = 64;

    /// <summary>launch_params used to start the serial-mode workers (one per node) through the MPI launcher.</summary>
    public Dictionary<string, string> SerialModeStartupParams { get; init; } = [];

    /// <summary>The order jobs are packed into the free nodes: <c>default</c> or <c>long_large_first</c>.</summary>
    public AcquireOrder SortBy { get; init; } = AcquireOrder.Default;

    /// <summary>The mpi-mode launcher these settings name.</summary>
    public IMpiLauncher CreateMpiLauncher() => MpiLaunchers.Create(MpiAppLauncher, MpiExecutable, ComputeNode.EffectiveCpus);

    /// <summary>The serial-mode workers' launcher.</summary>
    public IMpiLauncher CreateLocalLauncher() => MpiLaunchers.Create(LocalAppLauncher, null, ComputeNode.EffectiveCpus);
}
