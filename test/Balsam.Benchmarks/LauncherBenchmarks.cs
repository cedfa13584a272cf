using Balsam.Launcher.Pilot;
using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Settings;

namespace Balsam.Benchmarks;

/// <summary>
/// Jobs per second through a launcher (serial mode; mpi mode starting one-rank jobs locally and through mpiexec), and
/// the CPU each job costs the launcher and the service, against bare process starts at the same concurrency.
/// </summary>
public sealed class LauncherBenchmarks(BenchmarkCluster cluster, Report report, BenchSizes sizes)
{
    /// <summary>Serial mode's rate, the bar of mpi mode (null until measured).</summary>
    public double? SerialJobsPerSecond { get; private set; }

    /// <summary>Mpi mode's rate for command apps, the bar of <c>Run</c> apps (null until measured).</summary>
    public double? MpiJobsPerSecond { get; private set; }

    public async Task SerialAsync()
    {
        var jobs = sizes.SerialJobs;
        // A fresh silo compiles its hot paths during its first thousands of jobs (the JIT took a third of its CPU in the
        // first 30 s): a run of its own first, so the figures are what each job costs a running service.
        var warmUpJobs = Math.Max(10, jobs / 5);
        Console.WriteLine($"Serial mode: {warmUpJobs} jobs of `true` to warm the service, then {jobs}, {Environment.ProcessorCount} at a time");
        var warmUp = await LauncherRun.RunAsync(cluster, "serial-warm-up", LauncherMode.Serial, warmUpJobs);
        var run = await LauncherRun.RunAsync(cluster, "serial", LauncherMode.Serial, jobs);
        SerialJobsPerSecond = run.JobsPerSecond;
        var bare = BareStarts.Measure(jobs, "/bin/sh", "-c", "true");
        var tree = BareStarts.LauncherTree(jobs);
        report.Figure("e2e_serial_jobs_per_s", run.JobsPerSecond, "jobs/s", bare.PerSecond, "bare `sh -c true` starts/s");
        report.Figure("e2e_serial_ratio", run.JobsPerSecond / bare.PerSecond, "x", 0.5, "bar");
        report.Figure("service_cpu_ms_per_job", run.ServiceCpuMs, "ms", 1.0, "bar", higherIsBetter: false);
        report.Figure("launcher_cpu_ms_per_job", run.LauncherCpuMs, "ms", tree.CpuMsEach, "CPU of a bare start of `bash -c true`", higherIsBetter: false);
        report.Detail("serial mode jobs/s against the job's own process", run.JobsPerSecond, "jobs/s", "bare `bash -c true` starts/s", tree.PerSecond);
        report.Detail("launcher CPU a job: the launcher's own part (ms)", run.LauncherOwnCpuMs, "ms", "CPU of a bare start of `bash -c true`", tree.CpuMsEach,
            higherIsBetter: false);
        report.Detail("service CPU a job: the silo's part (ms)", run.SiloCpuMs, "ms", "bar of the whole service", 1.0, higherIsBetter: false);
        report.Detail("service CPU a job: PostgreSQL's part (ms)", run.PostgresCpuMs, "ms", "bar of the whole service", 1.0, higherIsBetter: false);
        report.Detail("service CPU a job, fresh silo (the warm-up run, ms)", warmUp.ServiceCpuMs, "ms", "bar of the whole service", 1.0, higherIsBetter: false);
    }

    public async Task MpiAsync()
    {
        var jobs = sizes.MpiJobs;
        var localJobs = sizes.SerialJobs;
        Console.WriteLine($"Mpi mode: {localJobs} one-rank jobs of `true` started locally, then {jobs} through mpiexec -n 1");
        var local = await LauncherRun.RunAsync(cluster, "mpi-local", LauncherMode.Mpi, localJobs);
        MpiJobsPerSecond = local.JobsPerSecond;
        report.Figure("mpi_local_jobs_per_s", local.JobsPerSecond, "jobs/s", SerialJobsPerSecond, "serial mode's jobs/s");
        var tree = BareStarts.LauncherTree(jobs);
        CpuDetails("mpi mode, local starts", local, "CPU of a bare start of `bash -c true`", tree.CpuMsEach);

        var mpiexec = ExecutableSearch.FirstFound("mpiexec.mpich", "mpiexec.hydra", "mpiexec");
        var forced = await LauncherRun.RunAsync(cluster, "mpi-mpiexec", LauncherMode.Mpi, jobs,
            SiteSettings.Default.Launcher with { LocalAppLauncher = MpiLaunchers.Mpich, MpiExecutable = mpiexec });
        var bare = BareStarts.Measure(jobs, mpiexec, "-n", "1", "true");
        report.Figure("mpi_mpiexec_ratio", forced.JobsPerSecond / bare.PerSecond, "x", 0.8, "bar");
        report.Detail("mpi mode through mpiexec -n 1 (jobs/s)", forced.JobsPerSecond, "jobs/s", "bare `mpiexec -n 1 true` starts/s", bare.PerSecond);
        CpuDetails("mpi mode through mpiexec -n 1", forced, "CPU of a bare `mpiexec -n 1 true`", bare.CpuMsEach);
    }

    /// <summary>Where a launcher run's CPU went: the launcher with its jobs beside a bare start of the job's process, the service beside its bar.</summary>
    private void CpuDetails(string run, LauncherRun figures, string jobLimit, double jobCpuMs)
    {
        report.Detail($"{run}: launcher CPU a job, its jobs included (ms)", figures.LauncherCpuMs, "ms", jobLimit, jobCpuMs, higherIsBetter: false);
        report.Detail($"{run}: the launcher's own part (ms)", figures.LauncherOwnCpuMs, "ms", jobLimit, jobCpuMs, higherIsBetter: false);
        report.Detail($"{run}: silo CPU a job (ms)", figures.SiloCpuMs, "ms", "bar of the whole service", 1.0, higherIsBetter: false);
        report.Detail($"{run}: PostgreSQL CPU a job (ms)", figures.PostgresCpuMs, "ms", "bar of the whole service", 1.0, higherIsBetter: false);
    }
}
