using System.Runtime.Versioning;
using Balsam.Silo.Postgres;
using Npgsql;
using static Balsam.Tests.Integration.Hosting.HostingFixtures;

namespace Balsam.Tests.Integration.Hosting;

/// <summary>The embedded PostgreSQL: created on first use, reused after a stop, adopted after a crash, never started twice.</summary>
[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class ManagedPostgresTests
{
    /// <summary>A data folder made once by <see cref="ManagedPostgres"/> (started and stopped), copied by the tests that need an existing one.</summary>
    private static string _template = null!;

    private string _folder = null!;
    private string _data = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task CreateTemplateAsync(TestContext context)
    {
        _template = TempFolder("pg-template");
        var server = await ManagedPostgres.StartAsync(
            new ManagedPostgresOptions { DataDirectory = Path.Combine(_template, "data") }, new RecordingLogger(),
            cancellationToken: context.CancellationToken);
        await server.StopAsync();
    }

    [ClassCleanup]
    public static async Task RemoveTemplateAsync()
    {
        await StopLeftoverPostgresAsync(Path.Combine(_template, "data"));
        DeleteFolder(_template);
    }

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = TempFolder("pg");
        _data = Path.Combine(_folder, "data");
    }

    [TestCleanup]
    public async Task RemoveFolderAsync()
    {
        await StopLeftoverPostgresAsync(_data);
        DeleteFolder(_folder);
    }

    private ManagedPostgresOptions Options => new() { DataDirectory = _data };

    /// <summary>Puts a copy of the template data folder and its password file (not its lock) where this test's server lives.</summary>
    private async Task CopyTemplateAsync()
    {
        var (code, output) = await RunAsync("cp", "-a", Path.Combine(_template, "data"), Path.Combine(_template, "data.password"), _folder);
        Assert.AreEqual(0, code, output);
        File.SetUnixFileMode(_folder, File.GetUnixFileMode(_folder) | UnixFileMode.OtherExecute); // the postgres user must reach it
    }

    [TestMethod]
    public async Task FirstStartCreatesTheDataFolderAndServes()
    {
        var logger = new RecordingLogger();
        Assert.IsFalse(Directory.Exists(_data));

        var server = await ManagedPostgres.StartAsync(Options, logger, cancellationToken: TestContext.CancellationToken);
        try
        {
            Assert.IsTrue(File.Exists(Path.Combine(_data, "PG_VERSION")), "initdb ran in the data folder");
            Assert.IsTrue(logger.Logged("Creating a managed PostgreSQL data folder"));
            Assert.AreEqual("balsam", await ScalarAsync(server.ConnectionString, "SELECT current_database()"));
            Assert.AreEqual("127.0.0.1", (string?)await ScalarAsync(server.ConnectionString, "SHOW listen_addresses"));
            Assert.AreEqual(server.Port, int.Parse((string)(await ScalarAsync(server.ConnectionString, "SHOW port"))!));

            var wrongPassword = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = "wrong" }.ConnectionString;
            var refused = await Assert.ThrowsExactlyAsync<PostgresException>(() => ScalarAsync(wrongPassword, "SELECT 1"));
            Assert.AreEqual(PostgresErrorCodes.InvalidPassword, refused.SqlState, "password authentication is on");
        }
        finally
        {
            await server.StopAsync();
        }

        Assert.IsNull(PostmasterPid(_data), "StopAsync stops the server");
    }

    [TestMethod]
    public async Task ThePasswordFileBesideTheDataFolderIsReadableByItsOwnerOnly()
    {
        var passwordFile = Path.Combine(_template, "data.password");
        Assert.IsTrue(File.Exists(passwordFile), "the first start wrote the password file beside the data folder");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        Assert.IsGreaterThanOrEqualTo(32, (await File.ReadAllTextAsync(passwordFile, TestContext.CancellationToken)).Trim().Length,
            "a long random password");
    }

    [TestMethod]
    public async Task ASecondStartAfterAStopReusesTheData()
    {
        await CopyTemplateAsync();
        var first = await ManagedPostgres.StartAsync(Options, new RecordingLogger(), cancellationToken: TestContext.CancellationToken);
        try
        {
            await ScalarAsync(first.ConnectionString, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
        }
        finally
        {
            await first.StopAsync();
        }

        Assert.IsNull(PostmasterPid(_data), "the first server stopped");
        var logger = new RecordingLogger();
        var second = await ManagedPostgres.StartAsync(Options, logger, cancellationToken: TestContext.CancellationToken);
        try
        {
            Assert.AreEqual("still here", await ScalarAsync(second.ConnectionString, "SELECT v FROM kept"));
            Assert.IsFalse(logger.Logged("Creating"), "no second initdb");
            Assert.IsTrue(logger.Logged("Started the managed PostgreSQL"));
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [TestMethod]
    public async Task AServerLeftRunningByACrashedOwnerIsAdoptedNotStartedTwice()
    {
        await CopyTemplateAsync();

        // What a crashed owner leaves behind: a running server and no live owner.
        var port = Balsam.Silo.Hosting.FreePort.Next();
        var pgCtl = Path.Combine(PostgresBinaries.Locate(null), "pg_ctl");
        string[] start = [pgCtl, "-D", _data, "-l", Path.Combine(_data, "postgres.log"), "-o", $"-p {port}", "-w", "start"];
        var (code, output) = Environment.IsPrivilegedProcess
            ? await RunAsync("runuser", ["-u", "postgres", "--", .. start])
            : await RunAsync(start[0], start[1..]);
        Assert.AreEqual(0, code, output);
        var postmaster = PostmasterPid(_data)!.Value;

        var logger = new RecordingLogger();
        var adopter = await ManagedPostgres.StartAsync(Options, logger, cancellationToken: TestContext.CancellationToken);
        try
        {
            Assert.IsTrue(logger.Logged("Adopted the managed PostgreSQL already running"), string.Join("\n", logger.Messages));
            Assert.IsFalse(logger.Logged("Started"), "no second server was started");
            Assert.AreEqual(port, adopter.Port);
            Assert.AreEqual(postmaster, PostmasterPid(_data), "the same postmaster serves");
            Assert.AreEqual(1, await ScalarAsync(adopter.ConnectionString, "SELECT 1"));
        }
        finally
        {
            await adopter.StopAsync();
        }

        Assert.IsTrue(await WaitUntilGoneAsync(postmaster, TimeSpan.FromSeconds(5)), "the adopter owns and stops the adopted server");
        Assert.IsNull(PostmasterPid(_data));
    }

    [TestMethod]
    public async Task AServerWhoseOwnerIsAliveIsRefusedAndKeepsServing()
    {
        await CopyTemplateAsync();
        var owner = await ManagedPostgres.StartAsync(Options, new RecordingLogger(), cancellationToken: TestContext.CancellationToken);
        try
        {
            var postmaster = PostmasterPid(_data)!.Value;
            await ScalarAsync(owner.ConnectionString, "CREATE TABLE owned (v int); INSERT INTO owned VALUES (7)");

            var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
                () => ManagedPostgres.StartAsync(Options, new RecordingLogger(), cancellationToken: TestContext.CancellationToken));

            Assert.Contains($"The managed PostgreSQL in '{_data}' is in use by another running Balsam silo", error.Message);
            Assert.Contains("option postgres-data", error.Message);
            Assert.AreEqual(postmaster, PostmasterPid(_data), "the owner's server was neither stopped nor restarted");
            Assert.AreEqual(7, await ScalarAsync(owner.ConnectionString, "SELECT v FROM owned"));
        }
        finally
        {
            await owner.StopAsync();
        }

        // Stopping releases the folder: the next owner starts normally.
        var next = await ManagedPostgres.StartAsync(Options, new RecordingLogger(), cancellationToken: TestContext.CancellationToken);
        try
        {
            Assert.AreEqual(7, await ScalarAsync(next.ConnectionString, "SELECT v FROM owned"));
            await owner.StopAsync(); // a stale second stop of the former owner must not touch the new owner's server
            Assert.AreEqual(7, await ScalarAsync(next.ConnectionString, "SELECT v FROM owned"));
        }
        finally
        {
            await next.StopAsync();
        }
    }

    [TestMethod]
    public async Task ANonEmptyFolderThatIsNotPostgresIsRefused()
    {
        Directory.CreateDirectory(_data);
        var precious = Path.Combine(_data, "thesis.tex");
        File.WriteAllText(precious, "do not touch");

        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            () => ManagedPostgres.StartAsync(Options, new RecordingLogger(), cancellationToken: TestContext.CancellationToken));

        Assert.Contains($"'{_data}' is not empty and is not a PostgreSQL data folder", error.Message);
        Assert.Contains("option postgres-data", error.Message, "the message says what to change");
        Assert.AreEqual("do not touch", File.ReadAllText(precious));
        CollectionAssert.AreEqual(new[] { precious }, Directory.GetFileSystemEntries(_data));
        Assert.IsFalse(File.Exists(_data + ".password"), "nothing was created");
    }
}
