using Balsam.Launcher.Pilot.Mpi;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>
/// The argv of each launcher for one job: 2 nodes × 2 ranks (4 ranks), 4 threads per rank, the app's variable, and a
/// launch parameter (BALSAM-REFERENCE §4.5, NOTES-STACK: MPICH <c>-env K V -wdir D</c>, Open MPI <c>-x K=V -wdir D</c>).
/// </summary>
[TestClass]
public sealed class MpiLauncherTests
{
    private static readonly string[] Program = ["/opt/app/bin/solver", "--input", "in file.dat"];

    private static LaunchRequest TwoNodesFourRanks(params (string Name, string Value)[] launchParams) => new()
    {
        Command = Program,
        Hosts = ["nid001", "nid002"],
        RanksPerNode = 2,
        ThreadsPerRank = 4,
        Environment = JobEnvironment.Build(new Dictionary<string, string> { ["APP_MODE"] = "fast run" }, 42, 4, [], JobEnvironment.CudaVisibleDevices),
        LaunchParams = launchParams.ToDictionary(p => p.Name, p => p.Value),
        WorkingDirectory = "/data/run 1",
    };

    private static string[] Argv(IMpiLauncher launcher, LaunchRequest request) => launcher.Build(request).Argv.ToArray();

    [TestMethod]
    public void Mpich()
    {
        var command = new MpichLauncher("mpiexec").Build(TwoNodesFourRanks(("bind-to", "core")));

        CollectionAssert.AreEqual((string[])
        [
            "mpiexec", "-n", "4", "-ppn", "2", "--hosts", "nid001,nid002",
            "-env", "APP_MODE", "fast run", "-env", "BALSAM_JOB_ID", "42", "-env", "OMP_NUM_THREADS", "4",
            "-wdir", "/data/run 1", "--bind-to", "core", .. Program,
        ], command.Argv.ToArray());
        Assert.AreEqual("/data/run 1", command.WorkingDirectory);
        Assert.AreEqual("fast run", command.Environment["APP_MODE"]);
        Assert.AreEqual(
            "mpiexec -n 4 -ppn 2 --hosts nid001,nid002 -env APP_MODE 'fast run' -env BALSAM_JOB_ID 42 -env OMP_NUM_THREADS 4 " +
            "-wdir '/data/run 1' --bind-to core /opt/app/bin/solver --input 'in file.dat'", command.ToShellLine());
    }

    [TestMethod]
    public void OpenMpi()
    {
        var argv = Argv(new OpenMpiLauncher("mpirun", runningAsRoot: true), TwoNodesFourRanks(("mca", "btl self,tcp")));

        CollectionAssert.AreEqual((string[])
        [
            "mpirun", "-n", "4", "--map-by", "ppr:2:node", "--host", "nid001:2,nid002:2",
            "--bind-to", "none", "--oversubscribe", "--allow-run-as-root",
            "-x", "APP_MODE=fast run", "-x", "BALSAM_JOB_ID=42", "-x", "OMP_NUM_THREADS=4",
            "-wdir", "/data/run 1", "--mca", "btl", "self,tcp", .. Program,
        ], argv);
    }

    [TestMethod]
    public void OpenMpiGetsAnAbsoluteProgramAndKeepsTheJobsBinding()
    {
        var request = TwoNodesFourRanks(("bind-to", "core")) with { Command = ["./solver", "x"] };

        var argv = Argv(new OpenMpiLauncher("mpirun", oversubscribe: false, runningAsRoot: false), request);

        CollectionAssert.DoesNotContain(argv, "--allow-run-as-root");
        CollectionAssert.DoesNotContain(argv, "--oversubscribe");
        CollectionAssert.DoesNotContain(argv, "none");
        CollectionAssert.AreEqual(new[] { "--bind-to", "core", "/data/run 1/solver", "x" }, argv[^4..]);
        Assert.AreEqual("/bin/sh", Argv(new OpenMpiLauncher("mpirun"), request with { Command = ["sh"] })[^1].Replace("/usr", ""));
    }

    [TestMethod]
    public void Slurm()
    {
        var command = new SlurmLauncher("srun").Build(TwoNodesFourRanks(("distribution", "block:block")));

        CollectionAssert.AreEqual((string[])
        [
            "srun", "-n", "4", "--ntasks-per-node", "2", "--nodes", "2", "--nodelist", "nid001,nid002",
            "--cpus-per-task", "4", "--overlap", "--export=ALL", "--chdir", "/data/run 1",
            "--distribution", "block:block", .. Program,
        ], command.Argv.ToArray());
        Assert.AreEqual("42", command.Environment["BALSAM_JOB_ID"], "srun passes the job's variables on from its own environment");
        Assert.AreEqual("fast run", command.CreateStartInfo().Environment["APP_MODE"]);
    }

    [TestMethod]
    public void SlurmAsksForWholeGpusPerTaskAndLeavesFractionsToTheVisibleDevices()
    {
        CollectionAssert.IsSubsetOf(new[] { "--gpus-per-task", "2" }, Argv(new SlurmLauncher(), TwoNodesFourRanks() with { GpusPerRank = 2 }));
        CollectionAssert.DoesNotContain(Argv(new SlurmLauncher(), TwoNodesFourRanks() with { GpusPerRank = 0.5 }), "--gpus-per-task");
        var own = Argv(new SlurmLauncher(), TwoNodesFourRanks(("c", "8")));
        Assert.AreEqual(1, own.Count(a => a is "--cpus-per-task" or "-c"));
        CollectionAssert.IsSubsetOf(new[] { "-c", "8" }, own);
    }

    [TestMethod]
    public void Pals()
    {
        var argv = Argv(new PalsMpiLauncher("mpiexec", 32), TwoNodesFourRanks(("cpu_bind", "list:0-3:4-7"), ("no-vni", "")));

        CollectionAssert.AreEqual((string[])
        [
            "mpiexec", "-n", "4", "--ppn", "2", "--hosts", "nid001,nid002", "--cpu-bind", "list:0-3:4-7", "--depth", "4", "--envall",
            "--env", "APP_MODE=fast run", "--env", "BALSAM_JOB_ID=42", "--env", "OMP_NUM_THREADS=4", "--no-vni", .. Program,
        ], argv);
    }

    [TestMethod]
    public void PalsBindsEachRankToItsOwnCoresAndHyperthreads()
    {
        var oneNode = TwoNodesFourRanks() with { Hosts = ["x3001"], RanksPerNode = 2, ThreadsPerRank = 2 };

        Assert.AreEqual("depth", BindOf(oneNode), "no cores assigned: bind by depth");
        Assert.AreEqual("list:0,1:2,3", BindOf(oneNode with { CpuIds = [0, 1, 2, 3] }));
        Assert.AreEqual("list:4,36:5,37", BindOf(oneNode with { CpuIds = [4, 5], ThreadsPerCore = 2 }));
        Assert.AreEqual("list:8:40:9", BindOf(oneNode with { RanksPerNode = 3, ThreadsPerRank = 1, ThreadsPerCore = 2, CpuIds = [8, 9] }));

        static string BindOf(LaunchRequest request)
        {
            var argv = new PalsMpiLauncher("mpiexec", 32).Build(request).Argv.ToList();
            return argv[argv.IndexOf("--cpu-bind") + 1];
        }
    }

    [TestMethod]
    public void LocalRunsTheProgramItselfForOneRank()
    {
        var command = new LocalLauncher().Build(TwoNodesFourRanks() with { Hosts = ["localhost"], RanksPerNode = 1 });

        CollectionAssert.AreEqual(Program, command.Argv.ToArray());
        Assert.AreEqual("42", command.Environment["BALSAM_JOB_ID"]);

        var error = Assert.ThrowsExactly<ArgumentException>(() => new LocalLauncher().Build(TwoNodesFourRanks()));
        StringAssert.Contains(error.Message, "4 ranks on 2 node(s)");
    }

    [TestMethod]
    public void TheCatalogueCreatesEachLauncherByItsSettingsName()
    {
        foreach (var name in MpiLaunchers.Names)
        {
            Assert.AreEqual(name, MpiLaunchers.Create(name).Name);
        }

        Assert.AreEqual("/opt/x/mpiexec", ((MpichLauncher)MpiLaunchers.Create("mpich", "/opt/x/mpiexec")).Executable);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => MpiLaunchers.Create("aprun")).Message, "known: mpich");
    }

    [TestMethod]
    [DataRow("bad name", "x", "not an option name")]
    [DataRow("--ok", "two\nlines", "control characters")]
    [DataRow("-", "x", "not an option name")]
    public void MalformedLaunchParamsAreRejected(string name, string value, string problem)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MpichLauncher().Build(TwoNodesFourRanks((name, value))));

        StringAssert.Contains(error.Message, problem);
    }

    [TestMethod]
    public void LaunchParamNamesBecomeOptions()
    {
        var arguments = LaunchParams.ToArguments(new Dictionary<string, string>
        {
            ["cpu_bind"] = "depth",
            ["d"] = "4",
            ["-genvall"] = "",
            ["--mca"] = "btl  self",
        });

        CollectionAssert.AreEqual(new[] { "--cpu-bind", "depth", "-d", "4", "-genvall", "--mca", "btl", "self" }, arguments);
    }

    [TestMethod]
    [DataRow("nid001,nid002", "is not a host name")]
    [DataRow("", "is not a host name")]
    public void RequestsAreCheckedBeforeAnyArgvIsBuilt(string host, string problem)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MpichLauncher().Build(TwoNodesFourRanks() with { Hosts = [host] }));

        StringAssert.Contains(error.Message, problem);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            new SlurmLauncher().Build(TwoNodesFourRanks() with { WorkingDirectory = "relative" })).Message, "absolute");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            new OpenMpiLauncher().Build(TwoNodesFourRanks() with { Command = [] })).Message, "the command is empty");
    }
}
