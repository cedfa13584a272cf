using Balsam.Launcher.Pilot.Mpi;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>
/// The Open MPI argv really runs: two ranks on localhost through Debian's <c>mpirun.openmpi</c> (4.1), each seeing the
/// job's variables and working directory, as root when the tests run as root. deploy/install-prerequisites.sh
/// installs <c>openmpi-bin</c> for the tests.
/// </summary>
[TestClass]
public sealed class OpenMpiProcessTests
{
    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task TwoRanksRunOnLocalhostWithTheJobsEnvironmentAndWorkdir()
    {
        var workdir = Directory.CreateTempSubdirectory("balsam-openmpi-");
        try
        {
            var request = new LaunchRequest
            {
                Command = ["/bin/sh", "-c", "echo \"rank=$OMPI_COMM_WORLD_RANK job=$BALSAM_JOB_ID threads=$OMP_NUM_THREADS msg=$MSG dir=$(pwd)\""],
                Hosts = ["localhost"],
                RanksPerNode = 2,
                ThreadsPerRank = 2,
                Environment = JobEnvironment.Build(new Dictionary<string, string> { ["MSG"] = "it's $HOME `x`" }, 78, 2, [], null),
                WorkingDirectory = workdir.FullName,
            };
            var command = new OpenMpiLauncher(FindOpenMpiRun()).Build(request);

            var (exitCode, output) = await LaunchCommandRuns.RunAsync(command);

            Assert.AreEqual(0, exitCode, $"{command}\n{output}");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("rank=", StringComparison.Ordinal)).Order().ToArray();
            CollectionAssert.AreEqual(new[]
            {
                $"rank=0 job=78 threads=2 msg=it's $HOME `x` dir={workdir.FullName}",
                $"rank=1 job=78 threads=2 msg=it's $HOME `x` dir={workdir.FullName}",
            }, lines, output);
        }
        finally
        {
            workdir.Delete(recursive: true);
        }
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task ARanksFailureMakesMpirunFail()
    {
        var command = new OpenMpiLauncher(FindOpenMpiRun()).Build(new LaunchRequest
        {
            Command = ["/bin/sh", "-c", "exit 3"],
            Hosts = ["localhost"],
            WorkingDirectory = Path.GetTempPath(),
        });

        var (exitCode, output) = await LaunchCommandRuns.RunAsync(command);

        Assert.AreNotEqual(0, exitCode, output);
    }

    private static string FindOpenMpiRun() =>
        ExecutableSearch.Find("mpirun.openmpi")
        ?? throw new AssertFailedException("Open MPI's mpirun.openmpi is not installed (deploy/install-prerequisites.sh --for-tests installs openmpi-bin)");
}
