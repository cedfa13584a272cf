using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Client.Apps;
using Balsam.Client.Sites;
using Balsam.Launcher.Cli;
using Balsam.Launcher.Pilot.RunApp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>A <c>balsam run-app</c> rank runs from the job file the launcher leaves, with no service to reach.</summary>
[TestClass]
public sealed class RunAppFromJobFileTests
{
    [TestMethod]
    public async Task ARankRunsFromTheJobFileWithTheAssemblyCachedAndNoService()
    {
        var site = Directory.CreateTempSubdirectory("balsam-runapp-site-").FullName;
        try
        {
            // The app's assembly is already in the site's cache (the launcher or an earlier rank put it there).
            var cache = Directory.CreateDirectory(Path.Combine(site, "apps", ".cache")).FullName;
            File.Copy(typeof(Multiplier).Assembly.Location, Path.Combine(cache, "cafe.dll"));
            var workdir = Directory.CreateDirectory(Path.Combine(site, "data", "mult", "1")).FullName;
            RunAppJobFile.Write(workdir, new RunAppJob
            {
                JobId = 7,
                SiteId = 1,
                AppName = nameof(Multiplier),
                Parameters = new() { ["x"] = "6" },
                ParameterSpecs = new() { ["factor"] = AppParameter.Optional("7") },
                Assembly = new AssemblyImageRef { ContentHash = "cafe", AssemblyName = "Balsam.Tests.Unit", TypeName = typeof(Multiplier).FullName! },
            });
            var error = new StringWriter();
            var context = new CliContext
            {
                Out = new StringWriter(),
                Error = error,
                WorkingDirectory = workdir,
                // Nothing listens there: any connection attempt fails the command.
                ClientOptions = new BalsamClientOptions { Gateway = "127.0.0.1:9", ConnectTimeout = TimeSpan.FromSeconds(1) },
            };

            var code = await BalsamCli.RunAsync(["run-app", "--job-id", "7", "--site-folder", site], context);

            Assert.AreEqual(0, code, error.ToString());
            var (value, exception) = RunResultFile.Take(workdir);
            Assert.AreEqual(42, JsonNode.Parse(value!)!.GetValue<int>(), "x from the job, factor from the app's default");
            Assert.IsNull(exception);
        }
        finally
        {
            Directory.Delete(site, recursive: true);
        }
    }

    [TestMethod]
    public void TheFileOfAnotherJobIsNotRead()
    {
        var workdir = Directory.CreateTempSubdirectory("balsam-runapp-").FullName;
        try
        {
            RunAppJobFile.Write(workdir, new RunAppJob { JobId = 7, SiteId = 1, AppName = "A" });
            Assert.IsNull(RunAppJobFile.TryRead(workdir, 8));
            Assert.AreEqual("A", RunAppJobFile.TryRead(workdir, 7)!.AppName);
        }
        finally
        {
            Directory.Delete(workdir, recursive: true);
        }
    }
}

/// <summary>A <c>Run</c> app for <see cref="RunAppFromJobFileTests"/>.</summary>
public sealed class Multiplier : ApplicationDefinition
{
    public override SiteRef Site => "unit-site";

    public int Run(int x, int factor) => x * factor;
}
