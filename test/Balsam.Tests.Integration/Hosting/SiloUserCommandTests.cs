using System.Diagnostics;
using Balsam.Tests.Integration.Cli;
using static Balsam.Tests.Integration.Hosting.HostingFixtures;

namespace Balsam.Tests.Integration.Hosting;

/// <summary>
/// The real <c>balsam-silo user</c> commands on a Balsam home's managed PostgreSQL: started and stopped again when no
/// silo runs, used where a silo runs it.
/// </summary>
[TestClass]
[DoNotParallelize] // child processes compete for the two cores
public sealed class SiloUserCommandTests
{
    [TestMethod]
    public async Task UserCommandsWorkWithAndWithoutARunningSilo()
    {
        var home = TempFolder("silo-users");
        try
        {
            var add = await RunAsync(home, "ops password\n", "user", "add", "ops", "--password-stdin");
            add.Succeeded();
            StringAssert.Contains(add.Out, "Added user 'ops'");
            Assert.IsFalse(File.Exists(Path.Combine(home, "postgres", "postmaster.pid")), "the PostgreSQL it started is stopped again\n" + add);
            StringAssert.Contains((await RunAsync(home, null, "user", "add", "nobody")).Failed(1).Error, "--password-stdin");

            await using (var silo = SiloProcess.Start(home))
            {
                await silo.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
                var ls = (await RunAsync(home, null, "user", "ls")).Succeeded();
                StringAssert.Contains(ls.Out, "ops ");
                (await RunAsync(home, null, "user", "rm", "ops")).Succeeded();
                Assert.DoesNotContain("ops ", (await RunAsync(home, null, "user", "ls")).Succeeded().Out);
                Assert.IsFalse(silo.HasExited, "the user commands leave the running silo and its database alone");
                Assert.AreEqual(0, await silo.TerminateAsync(TimeSpan.FromSeconds(30)));
            }
        }
        finally
        {
            DeleteFolder(home);
        }
    }

    private static async Task<CliRun> RunAsync(string home, string? input, params string[] args)
    {
        var info = new ProcessStartInfo(BalsamCliRunner.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = home,
        };
        info.ArgumentList.Add(SiloProcess.SiloDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("BALSAM_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["BALSAM_HOME"] = home;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start balsam-silo");
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(["balsam-silo", .. args], process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }
}
