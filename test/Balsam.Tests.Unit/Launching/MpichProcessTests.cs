using System.Diagnostics;
using Balsam.Launcher.Pilot.Mpi;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>
/// The MPICH argv really runs: two ranks on localhost through <c>mpiexec</c>, each seeing the job's variables and
/// working directory. Needs Debian's <c>mpich</c> package (deploy/install-prerequisites.sh installs it).
/// </summary>
[TestClass]
public sealed class MpichProcessTests
{
    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task TwoRanksRunOnLocalhostWithTheJobsEnvironmentAndWorkdir()
    {
        var mpiexec = FindMpichMpiexec();
        var workdir = Directory.CreateTempSubdirectory("balsam-mpich-");
        try
        {
            var request = new LaunchRequest
            {
                Command = ["/bin/sh", "-c", "echo \"rank=$PMI_RANK job=$BALSAM_JOB_ID threads=$OMP_NUM_THREADS msg=$MSG dir=$(pwd)\""],
                Hosts = ["localhost"],
                RanksPerNode = 2,
                ThreadsPerRank = 3,
                Environment = JobEnvironment.Build(new Dictionary<string, string> { ["MSG"] = "it's $HOME `x`" }, 77, 3, [], null),
                WorkingDirectory = workdir.FullName,
            };
            var command = new MpichLauncher(mpiexec).Build(request);

            var (exitCode, output) = await LaunchCommandRuns.RunAsync(command);

            Assert.AreEqual(0, exitCode, $"{command}\n{output}");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray();
            CollectionAssert.AreEqual(new[]
            {
                $"rank=0 job=77 threads=3 msg=it's $HOME `x` dir={workdir.FullName}",
                $"rank=1 job=77 threads=3 msg=it's $HOME `x` dir={workdir.FullName}",
            }, lines, output);
        }
        finally
        {
            workdir.Delete(recursive: true);
        }
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task ARanksExitCodeComesBackAsMpiexecsExitCode()
    {
        var command = new MpichLauncher(FindMpichMpiexec()).Build(new LaunchRequest
        {
            Command = ["/bin/sh", "-c", "exit 3"],
            Hosts = ["localhost"],
            WorkingDirectory = Path.GetTempPath(),
        });

        var (exitCode, _) = await LaunchCommandRuns.RunAsync(command);

        Assert.AreEqual(3, exitCode);
    }

    /// <summary>MPICH's mpiexec (Hydra), not Open MPI's; inconclusive when MPICH is not installed.</summary>
    private static string FindMpichMpiexec()
    {
        foreach (var name in new[] { "mpiexec.mpich", "mpiexec.hydra", "mpiexec" })
        {
            if (ExecutableSearch.Find(name) is not { } path)
            {
                continue;
            }

            var version = new ProcessStartInfo(path, ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(version)!;
            var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (text.Contains("HYDRA", StringComparison.Ordinal))
            {
                return path;
            }
        }

        Assert.Inconclusive("MPICH's mpiexec is not installed (apt-get install mpich)");
        return "";
    }
}
